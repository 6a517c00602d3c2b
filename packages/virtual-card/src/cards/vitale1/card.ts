import {
  ApduFormatError,
  type CommandApdu,
  decodeCommand,
  encodeResponse,
  fromHex,
} from '@openvitale/transport';
import type { VirtualCard } from '../../card.js';
import { RefusalLog, type RefusedCommand } from '../../iso/refused.js';
import { SW, wrongLe } from '../../iso/status.js';
import { t0Le } from '../../iso/t0.js';
import type { Vitale1Profile } from '../../profile.js';

/** A Vitale 1 ATR from the pcsc-tools list: inverse convention (TS = 3F), T=0. */
export const VITALE1_ATR = fromHex('3F6525002C09699000');

const CLA = 0xbc;
const INS_INFO = 0xc0;
const INS_READ = 0xb0;
/** One 32-bit word spans 8 nibble addresses. */
const NIBBLES_PER_WORD = 8;
const DEFAULT_START = 0x0200;

/**
 * A Vitale 1 (Bull CP8 mask): class `BC` only, no SELECT at all (`6D 00`
 * even to `BC A4`), `BC C0 00 00 08` answers 8 bytes describing the card,
 * `BC B0 P1 P2 Le` reads memory at nibble address P1P2 in whole 32-bit words
 * (2 control bits + 30 data bits each, raw as the profile gives them).
 *
 * What the public material does not say, chosen here and documented: an
 * address off a word boundary answers `6A 86`, an Le that is not a multiple
 * of 4 `67 00`, a start outside the memory `6B 00`, a read running past its
 * end `6C xx` with the bytes that remain.
 */
export class Vitale1Card implements VirtualCard {
  readonly kind = 'vitale1';
  readonly atr: Uint8Array;
  readonly #info: Uint8Array;
  readonly #memory: Uint8Array;
  readonly #start: number;
  readonly #refusals = new RefusalLog();

  constructor(profile: Vitale1Profile) {
    this.atr = profile.atr ? fromHex(profile.atr) : VITALE1_ATR;
    this.#info = fromHex(profile.info);
    this.#start = profile.memory.start ? Number.parseInt(profile.memory.start, 16) : DEFAULT_START;
    this.#memory = fromHex(profile.memory.words.join(''));
  }

  /** The first nibble address past the memory ("ADMAX"). */
  get end(): number {
    return this.#start + (this.#memory.length / 4) * NIBBLES_PER_WORD;
  }

  get refused(): readonly RefusedCommand[] {
    return this.#refusals.entries;
  }

  reset(): Uint8Array {
    return this.atr.slice();
  }

  powerOff(): void {}

  process(bytes: Uint8Array): Uint8Array {
    const reply = (sw: number, data: Uint8Array = new Uint8Array(0)) => encodeResponse({ data, sw });
    let command: CommandApdu;
    try {
      command = decodeCommand(bytes);
    } catch (error) {
      if (!ApduFormatError.isInstance(error)) throw error;
      return reply(SW.WRONG_LENGTH);
    }
    const refusal = RefusalLog.check(command.ins);
    const sw = command.cla !== CLA ? SW.CLA_NOT_SUPPORTED : SW.INS_NOT_SUPPORTED;
    if (refusal !== undefined) {
      this.#refusals.record(bytes, refusal, sw);
      return reply(sw);
    }
    if (command.cla !== CLA) return reply(sw);
    if (command.ins === INS_INFO) {
      return t0Le(command) === this.#info.length
        ? reply(SW.OK, this.#info)
        : reply(wrongLe(this.#info.length));
    }
    if (command.ins === INS_READ) return this.#read(command, reply);
    return reply(SW.INS_NOT_SUPPORTED);
  }

  #read(command: CommandApdu, reply: (sw: number, data?: Uint8Array) => Uint8Array): Uint8Array {
    const address = (command.p1 << 8) | command.p2;
    const le = t0Le(command);
    if ((address - this.#start) % NIBBLES_PER_WORD !== 0) return reply(SW.WRONG_P1P2);
    if (le % 4 !== 0) return reply(SW.WRONG_LENGTH);
    if (address < this.#start || address >= this.end) return reply(SW.WRONG_OFFSET);
    const offset = ((address - this.#start) / NIBBLES_PER_WORD) * 4;
    const available = this.#memory.length - offset;
    if (le > available) return reply(wrongLe(available));
    return reply(SW.OK, this.#memory.slice(offset, offset + le));
  }
}
