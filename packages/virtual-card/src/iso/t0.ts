import type { CommandApdu, ResponseApdu } from '@openvitale/transport';
import { moreData, SW, wrongLe } from './status.js';

/** What a command produced before T=0 decides how it travels. */
export interface Outcome {
  readonly data: Uint8Array;
  readonly sw: number;
  /**
   * The command already shaped its answer to the Le it got (READ BINARY's
   * short-read rule, a refusal): send it as it is.
   */
  readonly final?: boolean;
}

const NONE = new Uint8Array(0);

/** An answer with a status word and no data. */
export function status(sw: number): Outcome {
  return { data: NONE, sw, final: true };
}

/**
 * On T=0 a 4-byte command travels with P3 = `00`, which means Le = 256 for a
 * command that returns data: missing Le reads as 256.
 */
export function t0Le(command: CommandApdu): number {
  return command.le ?? 256;
}

/**
 * The T=0 transmission rules of ISO/IEC 7816-3 10.3 as a card applies them:
 * - data produced by a command that carried data (case 4, with or without its
 *   Le: PC/SC clients drop it, vpcd passes what it gets) or by a command with
 *   no Le at all wait for GET RESPONSE: the card answers `61 xx`;
 * - a case-2 command whose Le differs from what is available gets `6C xx`;
 * - GET RESPONSE hands out the waiting bytes, `61 xx` while more remain,
 *   `6C xx` when its Le asks for more than remain. Any other command drops
 *   them (the card keeps one pending answer, not a queue).
 */
export class T0Responder {
  #pending: { data: Uint8Array; sw: number } | undefined;

  /** Forgets the waiting answer (another command came, or a reset). */
  clear(): void {
    this.#pending = undefined;
  }

  shape(command: CommandApdu, outcome: Outcome): ResponseApdu {
    this.#pending = undefined;
    if (outcome.final === true || outcome.data.length === 0) return { data: outcome.data, sw: outcome.sw };
    const hasData = command.data !== undefined && command.data.length > 0;
    if (hasData || command.le === undefined) {
      this.#pending = { data: outcome.data, sw: outcome.sw };
      return { data: NONE, sw: moreData(outcome.data.length) };
    }
    if (command.le !== outcome.data.length) return { data: NONE, sw: wrongLe(outcome.data.length) };
    return { data: outcome.data, sw: outcome.sw };
  }

  getResponse(command: CommandApdu): ResponseApdu {
    const pending = this.#pending;
    if (command.p1 !== 0 || command.p2 !== 0) {
      this.#pending = undefined;
      return { data: NONE, sw: SW.WRONG_P1P2 };
    }
    if (!pending) return { data: NONE, sw: SW.CONDITIONS_NOT_SATISFIED };
    const le = t0Le(command);
    const left = pending.data.length;
    // A longer Le than what waits is a wrong length; the answer stays for the retry.
    if (le > left) return { data: NONE, sw: wrongLe(left) };
    const data = pending.data.slice(0, le);
    if (le === left) {
      this.#pending = undefined;
      return { data, sw: pending.sw };
    }
    this.#pending = { data: pending.data.slice(le), sw: pending.sw };
    return { data, sw: moreData(left - le) };
  }
}
