import { ApduFormatError, decodeCommand } from '@openvitale/transport';

/**
 * PSS framing to a SESAM-Vitale terminal (docs/domain/official-api.md §2.3 [H]).
 * Request `[00][LAD][command][...]`; response `[CR][card state][counter][data...]`.
 */
export const PSS_COMMAND = {
  presence: 0x16,
  powerOn: 0x14,
  powerOff: 0x15,
  /** Card command sending data to the card ("entrant"). */
  dataIn: 0x00,
  /** Card command getting data back ("sortant"). */
  dataOut: 0x01,
} as const;

/** PSS card states: absent, present and unpowered, present and powered. */
export const CARD_STATE = { absent: 0, unpowered: 1, powered: 3 } as const;

export interface PssResponse {
  /** The terminal's report code, 0 = OK. */
  readonly cr: number;
  readonly cardState: number;
  /** Changes whenever a card is inserted: a swap is seen by it. */
  readonly counter: number;
  readonly data: Uint8Array;
}

export function presenceRequest(lad: number): Uint8Array {
  return Uint8Array.of(0x00, lad, PSS_COMMAND.presence);
}

export function powerOnRequest(lad: number): Uint8Array {
  return Uint8Array.of(0x00, lad, PSS_COMMAND.powerOn);
}

/** Power off keeping the card in the terminal (`15 01`). */
export function powerOffRequest(lad: number): Uint8Array {
  return Uint8Array.of(0x00, lad, PSS_COMMAND.powerOff, 0x01);
}

/** How a raw APDU travels as a T=0 TPDU through the terminal. */
export interface TpduPlan {
  /** `dataIn` (00) or `dataOut` (01). */
  readonly direction: number;
  readonly header: Uint8Array;
  readonly p3: number;
  readonly data: Uint8Array;
}

/**
 * Decides T and P3 from a raw APDU, as T=0 does (ISO 7816-3 12.2): data in
 * (case 3, and case 4 whose Le is dropped: the card answers `61xx` and
 * `send()` fetches the rest with GET RESPONSE, itself data out) goes as
 * `00` with P3 = Lc; data out (case 2) as `01` with P3 = Le (256 → 00);
 * case 1 as data in with P3 = 0. Extended lengths have no T=0 form.
 */
export function planTpdu(apdu: Uint8Array): TpduPlan {
  const command = decodeCommand(apdu);
  const header = Uint8Array.of(command.cla, command.ins, command.p1, command.p2);
  const data = command.data ?? new Uint8Array(0);
  if (data.length > 255 || (command.le ?? 0) > 256) {
    throw new ApduFormatError('A PSS terminal carries short APDUs only (T=0): Lc ≤ 255 and Le ≤ 256');
  }
  if (data.length > 0) return { direction: PSS_COMMAND.dataIn, header, p3: data.length, data };
  if (command.le !== undefined) {
    return { direction: PSS_COMMAND.dataOut, header, p3: command.le & 0xff, data };
  }
  return { direction: PSS_COMMAND.dataIn, header, p3: 0, data };
}

/** `00 LAD T counter CLA INS P1 P2 P3 [data]`. */
export function cardCommandRequest(lad: number, counter: number, plan: TpduPlan): Uint8Array {
  const out = new Uint8Array(9 + plan.data.length);
  out.set([0x00, lad, plan.direction, counter], 0);
  out.set(plan.header, 4);
  out[8] = plan.p3;
  out.set(plan.data, 9);
  return out;
}

/**
 * Splits a terminal response. A one-byte response is the service refusing
 * the command: its byte is the CR, with no state or counter (`undefined`
 * counter is then reported as -1).
 */
export function parsePssResponse(bytes: Uint8Array): PssResponse {
  if (bytes.length === 0) return { cr: -1, cardState: -1, counter: -1, data: new Uint8Array(0) };
  if (bytes.length < 3) return { cr: bytes[0]!, cardState: -1, counter: -1, data: new Uint8Array(0) };
  return { cr: bytes[0]!, cardState: bytes[1]!, counter: bytes[2]!, data: bytes.slice(3) };
}
