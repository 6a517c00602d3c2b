import type { Diagnostic } from '@openvitale/decoder';
import { FormatError } from '@openvitale/format';
import { CardStatusError, quote, TransportError, type TransportErrorCode } from '@openvitale/transport';

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

const READ_ERROR = Symbol.for('@openvitale/reader.ReadError');

/**
 * A read that could not complete. Never carries a partial result: a read
 * either returns a complete card model or throws this, naming the step.
 */
export class ReadError extends Error {
  readonly [READ_ERROR] = true;
  override readonly name = 'ReadError';
  readonly code: ReadErrorCode;
  readonly step: ReadStep;
  /** The reader the read was on, when one was chosen. */
  readonly reader: string | undefined;
  /** `DECODE`: what the decoder found wrong in the card's bytes. */
  readonly diagnostics: readonly Diagnostic[];

  constructor(
    code: ReadErrorCode,
    step: ReadStep,
    message: string,
    options: { cause?: unknown; reader?: string; diagnostics?: readonly Diagnostic[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.step = step;
    this.reader = options.reader;
    this.diagnostics = options.diagnostics ?? [];
  }

  static isInstance(value: unknown): value is ReadError {
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[READ_ERROR] === true
    );
  }
}

const ADVICE: Partial<Record<ReadErrorCode, string>> = {
  NO_CARD: 'insert the Vitale card, chip first and facing up',
  CARD_REMOVED: 'leave the card in the reader until the read ends, then read it again',
  CARD_MUTE: 'the card does not answer: clean the chip, reinsert it, try another reader',
  NO_READER: 'plug in the reader and check that the system sees it (openvitale readers)',
  READER_REMOVED: 'plug the reader back in and read again',
  SERVICE_UNAVAILABLE: 'start the PC/SC service (pcscd) or the GALSS server',
  LIBRARY_MISSING: 'install the missing library named above (openvitale doctor tells what)',
  SHARING_VIOLATION: 'another application holds the reader: close it or wait, then read again',
  TIMEOUT: 'the card or reader is too slow or stuck: reinsert the card and read again',
};

/** Wraps what a step threw into a `ReadError` that says what to do. */
export function readErrorFrom(error: unknown, step: ReadStep, reader?: string): ReadError {
  if (ReadError.isInstance(error)) return error;
  const where = reader ? ` (reader ${quote(reader)})` : '';
  const options = reader === undefined ? { cause: error } : { cause: error, reader };
  if (TransportError.isInstance(error)) {
    const advice = ADVICE[error.code];
    return new ReadError(error.code, step, `${error.message}${where}${advice ? `: ${advice}` : ''}`, options);
  }
  // The official XML profile refuses a Vitale 1's dump: it has no element to say why there is no person.
  if (FormatError.isInstance(error) && error.code === 'PERSONS_NOT_DECODED') {
    return new ReadError('LAYOUT_NOT_PUBLIC', step, `${error.message}${where}`, options);
  }
  if (CardStatusError.isInstance(error)) {
    return new ReadError(
      'CARD_ERROR',
      step,
      `The card refused a command during ${step}${where}: ${error.message}`,
      options,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ReadError('PROTOCOL', step, `Unexpected failure during ${step}${where}: ${message}`, options);
}
