import { ApduFormatError, type CommandApdu, decodeCommand, encodeResponse } from '@openvitale/transport';
import type { CardKind, VirtualCard } from '../card.js';
import { type DedicatedFile, type ElementaryFile, findByAid, parentOf } from './filesystem.js';
import { RefusalLog, type RefusedCommand } from './refused.js';
import { SW, wrongLe } from './status.js';
import { type Outcome, status, T0Responder, t0Le } from './t0.js';

export interface IsoCardSpec {
  readonly kind: CardKind;
  readonly atr: Uint8Array;
  /** The MF; applications are DFs with an AID anywhere below (or the MF itself). */
  readonly mf: DedicatedFile;
  /** SELECT P2 forms accepted; the other answers `6A 86`. */
  readonly selectP2: 'both' | '00' | '0C';
  /** READ BINARY with an Le beyond the end: data + `62 82`, or `6C xx`. */
  readonly shortRead: '6282' | '6C';
}

const INS_SELECT = 0xa4;
const INS_READ_BINARY = 0xb0;
const INS_GET_RESPONSE = 0xc0;
const MF_FID = 0x3f00;

/**
 * An ISO/IEC 7816-4 card with transparent files on T=0, class `00` only:
 * SELECT (by FID, EF under the current DF, child/parent DF, DF name), READ
 * BINARY (current EF or SFI), GET RESPONSE. Everything else: `6D 00`;
 * writing, PIN and authentication commands are refused and counted.
 */
export class IsoCard implements VirtualCard {
  readonly kind: CardKind;
  readonly atr: Uint8Array;
  readonly #spec: IsoCardSpec;
  readonly #t0 = new T0Responder();
  readonly #refusals = new RefusalLog();
  #df: DedicatedFile;
  #ef: ElementaryFile | undefined;

  constructor(spec: IsoCardSpec) {
    this.#spec = spec;
    this.kind = spec.kind;
    this.atr = spec.atr;
    this.#df = spec.mf;
  }

  get refused(): readonly RefusedCommand[] {
    return this.#refusals.entries;
  }

  reset(): Uint8Array {
    this.powerOff();
    return this.atr.slice();
  }

  powerOff(): void {
    this.#df = this.#spec.mf;
    this.#ef = undefined;
    this.#t0.clear();
  }

  process(bytes: Uint8Array): Uint8Array {
    let command: CommandApdu;
    try {
      command = decodeCommand(bytes);
    } catch (error) {
      if (!ApduFormatError.isInstance(error)) throw error;
      this.#t0.clear();
      return encodeResponse({ data: new Uint8Array(0), sw: SW.WRONG_LENGTH });
    }
    const refusal = RefusalLog.check(command.ins);
    if (refusal !== undefined) {
      this.#t0.clear();
      const sw = command.cla === 0 ? SW.SECURITY_NOT_SATISFIED : SW.CLA_NOT_SUPPORTED;
      this.#refusals.record(bytes, refusal, sw);
      return encodeResponse({ data: new Uint8Array(0), sw });
    }
    if (command.cla !== 0) return this.#answer(command, status(SW.CLA_NOT_SUPPORTED));
    if (command.ins === INS_GET_RESPONSE) return encodeResponse(this.#t0.getResponse(command));
    switch (command.ins) {
      case INS_SELECT:
        return this.#answer(command, this.#select(command));
      case INS_READ_BINARY:
        return this.#answer(command, this.#readBinary(command));
      default:
        return this.#answer(command, status(SW.INS_NOT_SUPPORTED));
    }
  }

  #answer(command: CommandApdu, outcome: Outcome): Uint8Array {
    return encodeResponse(this.#t0.shape(command, outcome));
  }

  #select(command: CommandApdu): Outcome {
    const { p1, p2 } = command;
    const allowed = this.#spec.selectP2;
    if ((p2 !== 0x00 && p2 !== 0x0c) || (allowed !== 'both' && p2 !== (allowed === '00' ? 0x00 : 0x0c))) {
      return status(SW.WRONG_P1P2);
    }
    const data = command.data ?? new Uint8Array(0);
    const fid = data.length === 2 ? (data[0]! << 8) | data[1]! : undefined;
    let target: DedicatedFile | ElementaryFile | undefined;
    switch (p1) {
      case 0x00: // MF, or a DF/EF under the current DF, by FID
        if (data.length === 0 || fid === MF_FID) target = this.#spec.mf;
        else if (fid === undefined) return status(SW.WRONG_LENGTH);
        else target = this.#child(fid);
        break;
      case 0x01: // DF under the current DF
        if (fid === undefined) return status(SW.WRONG_LENGTH);
        target = this.#child(fid, 'df');
        break;
      case 0x02: // EF under the current DF
        if (fid === undefined) return status(SW.WRONG_LENGTH);
        target = this.#child(fid, 'ef');
        break;
      case 0x03: // parent DF
        target = parentOf(this.#spec.mf, this.#df);
        break;
      case 0x04: // DF name (AID), exact match
        if (data.length === 0) return status(SW.WRONG_LENGTH);
        target = findByAid(this.#spec.mf, data);
        break;
      default:
        return status(SW.WRONG_P1P2);
    }
    if (!target) return status(SW.FILE_NOT_FOUND);
    if (target.kind === 'df') {
      this.#df = target;
      this.#ef = undefined;
    } else {
      this.#ef = target;
    }
    return p2 === 0x0c ? status(SW.OK) : { data: target.fci, sw: SW.OK };
  }

  #child(fid: number, kind?: 'df' | 'ef'): DedicatedFile | ElementaryFile | undefined {
    return this.#df.children.find((c) => c.fid === fid && (kind === undefined || c.kind === kind));
  }

  #readBinary(command: CommandApdu): Outcome {
    let offset: number;
    if (command.p1 & 0x80) {
      // P1 = 100x xxxx: SFI in the low 5 bits, P2 = offset (0 to 255).
      const sfi = command.p1 & 0x1f;
      if (command.p1 & 0x60 || sfi === 0) return status(SW.WRONG_P1P2);
      const file = this.#df.children.find((c): c is ElementaryFile => c.kind === 'ef' && c.sfi === sfi);
      if (!file) return status(SW.FILE_NOT_FOUND);
      this.#ef = file;
      offset = command.p2;
    } else {
      if (!this.#ef) return status(SW.NO_CURRENT_EF);
      offset = (command.p1 << 8) | command.p2;
    }
    const file = this.#ef;
    if (command.data !== undefined) return status(SW.WRONG_LENGTH);
    if (file.protectedSw !== undefined) return status(file.protectedSw);
    if (offset >= file.content.length) return status(SW.WRONG_OFFSET);
    const le = t0Le(command);
    const available = file.content.length - offset;
    if (available >= le) return { data: file.content.slice(offset, offset + le), sw: SW.OK, final: true };
    if (this.#spec.shortRead === '6C') return status(wrongLe(available));
    return { data: file.content.slice(offset), sw: SW.END_OF_FILE, final: true };
  }
}
