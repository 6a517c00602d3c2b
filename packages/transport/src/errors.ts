import { OpenVitaleError } from '@openvitale/errors';
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

/**
 * What to do for each code, in the contract's terms: the default `action` of
 * a `TransportError`. A transport that knows better (which service, which
 * library) passes its own.
 */
export const TRANSPORT_ERROR_ACTIONS: Readonly<Record<TransportErrorCode, string>> = {
  NO_READER: 'connect a card reader, or name one of the readers present',
  NO_CARD: 'insert the card (chip first, facing up), then try again',
  CARD_REMOVED: 'leave the card in the reader until the read ends, then read it again',
  CARD_MUTE:
    'reinsert the card the right way round; if it still does not answer, clean the chip or try another reader',
  SHARING_VIOLATION:
    'close the other application that uses the reader, or wait until it releases the card, then try again',
  BUSY: 'wait until the operation under way on this reader ends, then try again',
  TIMEOUT: 'reinsert the card and try again; if it keeps happening, try another reader',
  ABORTED: 'start the operation again if it was not meant to stop',
  CLOSED: 'open the reader again before using it',
  SERVICE_UNAVAILABLE:
    'start the reader service (pcscd on Linux, the Smart Card service on Windows, or the GALSS server), then try again',
  LIBRARY_MISSING: 'install the missing package or library, then try again',
  READER_REMOVED: 'plug the reader back in, then try again',
  PROTOCOL: 'try again; if it keeps failing, record a trace of the exchanges (recordTrace) and report it',
};

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
  /** What to do; default: `TRANSPORT_ERROR_ACTIONS[code]`. The message says it after what happened. */
  readonly action?: string;
  /** The native detail for support (default: `nativeCode`); never in the message. */
  readonly detail?: string;
  readonly cause?: unknown;
}

/**
 * I/O with the reader or the card failed. `message` (what happened) is given
 * without the action: the action follows, from `options.action` or the code.
 */
export class TransportError extends OpenVitaleError {
  readonly [TRANSPORT_ERROR] = true;
  override readonly name = 'TransportError';
  declare readonly code: TransportErrorCode;
  readonly nativeCode: string | number | undefined;

  constructor(code: TransportErrorCode, message: string, options: TransportErrorOptions = {}) {
    const { nativeCode, action, detail, cause } = options;
    super(code, message, {
      action: action ?? TRANSPORT_ERROR_ACTIONS[code],
      // A native code that only repeats the code tells nothing more.
      detail: detail ?? (nativeCode === undefined || nativeCode === code ? undefined : String(nativeCode)),
      cause,
    });
    this.nativeCode = nativeCode;
  }

  static override isInstance(value: unknown): value is TransportError {
    return hasMarker(value, TRANSPORT_ERROR);
  }
}

/**
 * The card answered, but with a status word the caller did not accept. The
 * message says what the status means; the status word and the command are in
 * `detail` (and `sw`, `command`).
 */
export class CardStatusError extends OpenVitaleError {
  readonly [CARD_STATUS_ERROR] = true;
  override readonly name = 'CardStatusError';
  declare readonly code: 'CARD_STATUS';
  /** SW1SW2 as a 16-bit number. */
  readonly sw: number;
  /** The encoded command that got this answer. */
  readonly command: Uint8Array;

  constructor(sw: number, command: Uint8Array) {
    const { message } = describeStatusWord(sw);
    super('CARD_STATUS', `The card refused the command (${message})`, {
      action:
        "send a command this card accepts, or add this status to the accepted ones (send's accept option)",
      detail: `SW ${swHex(sw)} to ${toHex(command.subarray(0, 4), ' ')}`,
    });
    this.sw = sw;
    this.command = command;
  }

  static override isInstance(value: unknown): value is CardStatusError {
    return hasMarker(value, CARD_STATUS_ERROR);
  }
}

/** A command that cannot be encoded as ISO 7816-4 (bad byte, data or Le too long). */
export class ApduFormatError extends OpenVitaleError {
  readonly [APDU_FORMAT_ERROR] = true;
  override readonly name = 'ApduFormatError';
  declare readonly code: 'INVALID_APDU';

  constructor(message: string) {
    super('INVALID_APDU', message, {
      action: 'build the command within ISO 7816-4: bytes 0 to 255, data up to 65 535 bytes, Le 1 to 65 536',
    });
  }

  static override isInstance(value: unknown): value is ApduFormatError {
    return hasMarker(value, APDU_FORMAT_ERROR);
  }
}

export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}
