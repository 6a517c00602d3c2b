import { ApduFormatError, TransportError } from './errors.js';
import { concatBytes } from './hex.js';

/**
 * A command APDU (ISO/IEC 7816-4 section 5.1). `le` is Ne, the number of
 * bytes expected back (1 to 256 short, up to 65536 extended); absent means
 * no data expected. The case follows from `data` and `le`.
 */
export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data?: Uint8Array;
  readonly le?: number;
}

/** A response with its data and status word kept apart. */
export interface ResponseApdu {
  readonly data: Uint8Array;
  /** SW1SW2 as a 16-bit number, e.g. `0x9000`. */
  readonly sw: number;
}

/** ISO 7816-3 case: 1 (no data), 2 (data out), 3 (data in), 4 (both). */
export type ApduCase = 1 | 2 | 3 | 4;

export interface EncodeOptions {
  /** Force extended lengths even where short ones would fit. */
  readonly extended?: boolean;
}

const SHORT_NC = 255;
const SHORT_NE = 256;
const EXTENDED_NC = 65_535;
const EXTENDED_NE = 65_536;

export function apduCase(command: CommandApdu): ApduCase {
  const hasData = command.data !== undefined && command.data.length > 0;
  const hasLe = command.le !== undefined;
  if (hasData) return hasLe ? 4 : 3;
  return hasLe ? 2 : 1;
}

function checkByte(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) {
    throw new ApduFormatError(`${name} must be a byte (0 to 255), got ${value}`);
  }
}

function validate(command: CommandApdu): void {
  checkByte('CLA', command.cla);
  checkByte('INS', command.ins);
  checkByte('P1', command.p1);
  checkByte('P2', command.p2);
  // CLA FF is reserved for PPS; INS 6X and 9X are status bytes on T=0 (ISO 7816-3 10.3.2).
  if (command.cla === 0xff) throw new ApduFormatError('CLA FF is reserved for protocol type selection');
  const high = command.ins & 0xf0;
  if (high === 0x60 || high === 0x90) {
    throw new ApduFormatError(
      `INS ${command.ins.toString(16).toUpperCase()} is invalid (6X and 9X are status bytes)`,
    );
  }
  const nc = command.data?.length ?? 0;
  if (nc > EXTENDED_NC) throw new ApduFormatError(`Command data of ${nc} bytes exceeds ${EXTENDED_NC}`);
  if (
    command.le !== undefined &&
    (!Number.isInteger(command.le) || command.le < 1 || command.le > EXTENDED_NE)
  ) {
    throw new ApduFormatError(`Le (Ne) must be 1 to ${EXTENDED_NE}, got ${command.le}`);
  }
}

/** Encodes a command, short form where it fits (or `extended` is not asked). */
export function encodeCommand(command: CommandApdu, options: EncodeOptions = {}): Uint8Array {
  validate(command);
  const header = Uint8Array.of(command.cla, command.ins, command.p1, command.p2);
  const data = command.data ?? new Uint8Array(0);
  const nc = data.length;
  const ne = command.le;
  const extended = options.extended === true || nc > SHORT_NC || (ne !== undefined && ne > SHORT_NE);
  if (!extended) {
    const lc = nc > 0 ? Uint8Array.of(nc) : new Uint8Array(0);
    const le = ne !== undefined ? Uint8Array.of(ne === SHORT_NE ? 0 : ne) : new Uint8Array(0);
    return concatBytes(header, lc, nc > 0 ? data : new Uint8Array(0), le);
  }
  const lc = nc > 0 ? Uint8Array.of(0, nc >> 8, nc & 0xff) : new Uint8Array(0);
  let le = new Uint8Array(0);
  if (ne !== undefined) {
    const value = ne === EXTENDED_NE ? 0 : ne;
    // Case 2E carries a 3-byte Le (00 hi lo); case 4E a 2-byte one after Lc.
    le = nc > 0 ? Uint8Array.of(value >> 8, value & 0xff) : Uint8Array.of(0, value >> 8, value & 0xff);
  }
  return concatBytes(header, lc, data, le);
}

/** Parses an encoded command (as a card or a trace sees it), any of the seven ISO forms. */
export function decodeCommand(bytes: Uint8Array): CommandApdu {
  if (bytes.length < 4) throw new ApduFormatError(`A command needs 4 header bytes, got ${bytes.length}`);
  const [cla, ins, p1, p2] = bytes as unknown as [number, number, number, number];
  const header = { cla, ins, p1, p2 };
  const body = bytes.subarray(4);
  if (body.length === 0) return header;
  const b0 = body[0]!;
  if (body.length === 1) return { ...header, le: b0 === 0 ? SHORT_NE : b0 };
  if (b0 !== 0) {
    if (body.length === 1 + b0) return { ...header, data: body.slice(1) };
    if (body.length === 2 + b0) {
      const le = body[1 + b0]!;
      return { ...header, data: body.slice(1, 1 + b0), le: le === 0 ? SHORT_NE : le };
    }
    throw new ApduFormatError(`Lc ${b0} does not match a body of ${body.length} bytes`);
  }
  if (body.length === 3) {
    const le = (body[1]! << 8) | body[2]!;
    return { ...header, le: le === 0 ? EXTENDED_NE : le };
  }
  const nc = (body[1]! << 8) | body[2]!;
  if (nc > 0 && body.length === 3 + nc) return { ...header, data: body.slice(3) };
  if (nc > 0 && body.length === 5 + nc) {
    const le = (body[3 + nc]! << 8) | body[4 + nc]!;
    return { ...header, data: body.slice(3, 3 + nc), le: le === 0 ? EXTENDED_NE : le };
  }
  throw new ApduFormatError(`Malformed extended-length command body of ${body.length} bytes`);
}

/** Splits a raw response into data and status word. */
export function parseResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) {
    throw new TransportError('PROTOCOL', `Response of ${bytes.length} byte(s) has no status word`);
  }
  const n = bytes.length;
  return { data: bytes.slice(0, n - 2), sw: (bytes[n - 2]! << 8) | bytes[n - 1]! };
}

export function encodeResponse(response: ResponseApdu): Uint8Array {
  return concatBytes(response.data, Uint8Array.of(response.sw >> 8, response.sw & 0xff));
}
