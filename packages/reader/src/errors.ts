import type { Diagnostic } from '@openvitale/decoder';
import { isOpenVitaleError, OpenVitaleError } from '@openvitale/errors';
import { FormatError } from '@openvitale/format';
import {
  CardStatusError,
  isTransportErrorCode,
  quote,
  TRANSPORT_ERROR_ACTIONS,
  TransportError,
  type TransportErrorCode,
} from '@openvitale/transport';

/** Where a read was when it failed. */
export type ReadStep =
  | 'wait-for-card'
  | 'choose-reader'
  | 'connect'
  | 'detect'
  | 'read-identity'
  | 'read-nir'
  | 'read-map'
  | 'read-file'
  | 'dump-vitale-1'
  | 'decode';

/**
 * Why a read failed, for an integrator's `switch` and the CLI's exit codes.
 * Transport codes pass through; the reader adds its own.
 */
export type ReadErrorCode =
  | TransportErrorCode
  | 'NOT_VITALE'
  /** An identification read of a Vitale 1: its data layout is not public, no person can be decoded. */
  | 'LAYOUT_NOT_PUBLIC'
  | 'CARD_ERROR'
  | 'DECODE';

/**
 * What to do for the reader's own codes; transport codes take the
 * transport's (`TRANSPORT_ERROR_ACTIONS`).
 */
const READ_ACTIONS: Readonly<Record<Exclude<ReadErrorCode, TransportErrorCode>, string>> = {
  NOT_VITALE: 'put the carte Vitale in this reader, or choose the reader that holds it',
  LAYOUT_NOT_PUBLIC: 'read it in full (scope full) to get its memory dump, which says what is known of it',
  CARD_ERROR:
    'reinsert the card and read again; if it keeps failing, record a trace of the read (recordTrace) and report it',
  DECODE: 'read without strict to get what can be read, with its diagnostics',
};

function defaultAction(code: ReadErrorCode): string {
  return isTransportErrorCode(code) ? TRANSPORT_ERROR_ACTIONS[code] : READ_ACTIONS[code];
}

const READ_ERROR = Symbol.for('@openvitale/reader.ReadError');

export interface ReadErrorOptions {
  readonly cause?: unknown;
  readonly reader?: string;
  /** What to do; default: by `code`. */
  readonly action?: string;
  /** The native or card detail (a PC/SC code, a status word and its command). */
  readonly detail?: string | undefined;
  /** `DECODE`: what the decoder found wrong in the card's bytes. */
  readonly diagnostics?: readonly Diagnostic[];
}

/**
 * A read that could not complete. Never carries a partial result: a read
 * either returns a complete card model or throws this, naming the step.
 */
export class ReadError extends OpenVitaleError {
  readonly [READ_ERROR] = true;
  override readonly name = 'ReadError';
  declare readonly code: ReadErrorCode;
  readonly step: ReadStep;
  /** The reader the read was on, when one was chosen. */
  readonly reader: string | undefined;
  /** `DECODE`: what the decoder found wrong in the card's bytes. */
  readonly diagnostics: readonly Diagnostic[];

  constructor(code: ReadErrorCode, step: ReadStep, message: string, options: ReadErrorOptions = {}) {
    super(code, message, {
      action: options.action ?? defaultAction(code),
      detail: options.detail,
      cause: options.cause,
    });
    this.step = step;
    this.reader = options.reader;
    this.diagnostics = options.diagnostics ?? [];
  }

  static override isInstance(value: unknown): value is ReadError {
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[READ_ERROR] === true
    );
  }
}

/** Wraps what a step threw into a `ReadError` that keeps what to do and the detail. */
export function readErrorFrom(error: unknown, step: ReadStep, reader?: string): ReadError {
  if (ReadError.isInstance(error)) return error;
  const options = { cause: error, ...(reader === undefined ? {} : { reader }) };
  // Most transport messages name the reader already.
  const where = (summary: string) =>
    reader === undefined || summary.includes(quote(reader))
      ? summary
      : `${summary} (reader ${quote(reader)})`;
  if (TransportError.isInstance(error)) {
    return new ReadError(error.code, step, where(error.summary), {
      ...options,
      action: error.action,
      detail: error.detail,
    });
  }
  // The official XML profile refuses a Vitale 1's dump: it has no element to say why there is no person.
  if (FormatError.isInstance(error) && error.code === 'PERSONS_NOT_DECODED') {
    return new ReadError('LAYOUT_NOT_PUBLIC', step, where(error.summary), {
      ...options,
      action: error.action,
    });
  }
  if (CardStatusError.isInstance(error)) {
    return new ReadError('CARD_ERROR', step, where(`${error.summary} during ${step}`), {
      ...options,
      detail: error.detail,
    });
  }
  if (isOpenVitaleError(error)) {
    return new ReadError('PROTOCOL', step, where(`Unexpected failure during ${step}: ${error.summary}`), {
      ...options,
      action: error.action,
      detail: error.detail,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ReadError('PROTOCOL', step, where(`Unexpected failure during ${step}: ${message}`), options);
}
