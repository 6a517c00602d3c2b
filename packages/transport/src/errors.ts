import { toHex } from './hex.js';
import { describeStatusWord } from './status-words.js';

/**
 * Stable error codes of the transport layer. A code says what happened; the
 * native code (PC/SC, GALSS, errno) is kept beside it for support.
 */
export type TransportErrorCode =
  | 'NO_READER'
  | 'NO_CARD'
  | 'CARD_REMOVED'
  | 'CARD_MUTE'
  | 'SHARING_VIOLATION'
  | 'BUSY'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'CLOSED'
  | 'SERVICE_UNAVAILABLE'
  | 'LIBRARY_MISSING'
  | 'READER_REMOVED'
  | 'PROTOCOL';

export const TRANSPORT_ERROR_CODES: readonly TransportErrorCode[] = [
  'NO_READER',
  'NO_CARD',
  'CARD_REMOVED',
  'CARD_MUTE',
  'SHARING_VIOLATION',
  'BUSY',
  'TIMEOUT',
  'ABORTED',
  'CLOSED',
  'SERVICE_UNAVAILABLE',
  'LIBRARY_MISSING',
  'READER_REMOVED',
  'PROTOCOL',
];

export function isTransportErrorCode(value: string): value is TransportErrorCode {
  return (TRANSPORT_ERROR_CODES as readonly string[]).includes(value);
}

// Markers through Symbol.for so that `isInstance` recognises errors thrown by
// another installed copy of this package (a duplicated dependency tree).
const TRANSPORT_ERROR = Symbol.for('@openvitale/transport.TransportError');
const CARD_STATUS_ERROR = Symbol.for('@openvitale/transport.CardStatusError');
const APDU_FORMAT_ERROR = Symbol.for('@openvitale/transport.ApduFormatError');

function hasMarker(value: unknown, marker: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}

export interface TransportErrorOptions {
  /** The code of the layer below (a PC/SC `SCARD_E_*` value, a GALSS code, an errno name). */
  readonly nativeCode?: string | number;
  readonly cause?: unknown;
}

/** I/O with the reader or the card failed. */
export class TransportError extends Error {
  readonly [TRANSPORT_ERROR] = true;
  override readonly name = 'TransportError';
  readonly code: TransportErrorCode;
  readonly nativeCode: string | number | undefined;

  constructor(code: TransportErrorCode, message: string, options: TransportErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.nativeCode = options.nativeCode;
  }

  static isInstance(value: unknown): value is TransportError {
    return hasMarker(value, TRANSPORT_ERROR);
  }
}

/** The card answered, but with a status word the caller did not accept. */
export class CardStatusError extends Error {
  readonly [CARD_STATUS_ERROR] = true;
  override readonly name = 'CardStatusError';
  readonly code = 'CARD_STATUS';
  /** SW1SW2 as a 16-bit number. */
  readonly sw: number;
  /** The encoded command that got this answer. */
  readonly command: Uint8Array;

  constructor(sw: number, command: Uint8Array) {
    const { message } = describeStatusWord(sw);
    super(`Card answered ${swHex(sw)} (${message}) to ${toHex(command.subarray(0, 4), ' ')}`);
    this.sw = sw;
    this.command = command;
  }

  static isInstance(value: unknown): value is CardStatusError {
    return hasMarker(value, CARD_STATUS_ERROR);
  }
}

/** A command that cannot be encoded as ISO 7816-4 (bad byte, data or Le too long). */
export class ApduFormatError extends TypeError {
  readonly [APDU_FORMAT_ERROR] = true;
  override readonly name = 'ApduFormatError';
  readonly code = 'INVALID_APDU';

  static isInstance(value: unknown): value is ApduFormatError {
    return hasMarker(value, APDU_FORMAT_ERROR);
  }
}

export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}
