import {
  type ApduChannel,
  type CommandApdu,
  concatBytes,
  equalBytes,
  type ResponseApdu,
  send,
} from '@openvitale/transport';
import { readBinary, type SelectForm, selectAid } from '../apdus.js';
import type { ReadStep } from '../errors.js';

/**
 * The statuses a Vitale 2 card answers READ BINARY of a protected file with:
 * security status not satisfied, conditions of use not satisfied, command
 * not allowed. [L for the exact SW, docs/domain/vitale-card.md §3.5]
 */
const PROTECTED = new Set([0x6982, 0x6985, 0x6986]);
/** SELECT answers "not found". */
const NOT_FOUND = new Set([0x6a82, 0x6a88]);
/** A card that does not support a SELECT P2 form answers one of these. [M] */
const FORM_REFUSED = new Set([0x6a86, 0x6a81, 0x6b00, 0x6a00, 0x6700]);
/** Offsets address 15 bits (P1 bit 8 flags an SFI): the largest file READ BINARY can reach. */
const MAX_OFFSET = 0x7fff;
const CHUNK = 256;

export const isProtectedStatus = (sw: number) => PROTECTED.has(sw);
export const isNotFoundStatus = (sw: number) => NOT_FOUND.has(sw);

export type ReadOutcome =
  | { readonly ok: true; readonly data: Uint8Array; readonly sw: number }
  | { readonly ok: false; readonly sw: number };

/**
 * One card conversation: sends through `send()` (T=0 chaining included),
 * and remembers which SELECT form the card accepts so that a card refusing
 * `0C` costs one extra APDU per read, not one per SELECT.
 */
export class CardConversation {
  /** Where the read is, for the error if it fails. */
  step: ReadStep = 'detect';
  #form: SelectForm = 0x0c;
  /** The application selected last, so that it is not selected again. */
  #application: Uint8Array | undefined;
  readonly #channel: ApduChannel;
  readonly #signal: AbortSignal | undefined;

  constructor(channel: ApduChannel, signal?: AbortSignal) {
    this.#channel = channel;
    this.#signal = signal;
  }

  /** Sends a command and returns whatever status it got (the caller judges it). */
  send(command: CommandApdu): Promise<ResponseApdu> {
    return send(this.#channel, command, {
      accept: ['XXXX'],
      ...(this.#signal ? { signal: this.#signal } : {}),
    });
  }

  /** SELECT in the form the card accepts; returns the final status word. */
  async select(build: (form: SelectForm) => CommandApdu): Promise<number> {
    const first = await this.send(build(this.#form));
    if (!FORM_REFUSED.has(first.sw)) return first.sw;
    const other: SelectForm = this.#form === 0x0c ? 0x00 : 0x0c;
    const second = await this.send(build(other));
    if (second.sw === 0x9000) this.#form = other;
    return second.sw;
  }

  /** SELECT of an application by AID, skipped when it is already the current one. */
  async selectApplication(aid: Uint8Array): Promise<number> {
    if (this.#application && equalBytes(this.#application, aid)) return 0x9000;
    this.#application = undefined;
    const sw = await this.select((form) => selectAid(aid, form));
    if (sw === 0x9000) this.#application = aid;
    return sw;
  }

  /**
   * Reads an EF to its end: `first` (by SFI or by offset 0) then offsets
   * until a short answer, `62 82`, or `6B 00` past an exact multiple of 256.
   */
  async readToEnd(first: CommandApdu): Promise<ReadOutcome> {
    const parts: Uint8Array[] = [];
    let offset = 0;
    let command = first;
    for (;;) {
      const { data, sw } = await this.send(command);
      if (sw !== 0x9000 && sw !== 0x6282) {
        if (offset > 0 && sw === 0x6b00) return { ok: true, data: concatBytes(...parts), sw };
        return { ok: false, sw };
      }
      parts.push(data);
      offset += data.length;
      if (sw === 0x6282 || data.length < CHUNK || offset > MAX_OFFSET)
        return { ok: true, data: concatBytes(...parts), sw };
      command = readBinary(offset);
    }
  }
}
