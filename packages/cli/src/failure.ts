import { FormatError } from '@openvitale/format';
import { ConfigError, ReadError, type ReadErrorCode } from '@openvitale/reader';
import { TraceFormatError, TransportError } from '@openvitale/transport';
import { CliError } from './errors.js';
import { EXIT, type ExitCode } from './exit-codes.js';

const READ_EXIT: Partial<Record<ReadErrorCode, ExitCode>> = {
  NO_CARD: EXIT.NO_CARD,
  NOT_VITALE: EXIT.NOT_VITALE,
  LAYOUT_NOT_PUBLIC: EXIT.LAYOUT_NOT_PUBLIC,
  CARD_REMOVED: EXIT.CARD_REMOVED,
  NO_READER: EXIT.UNAVAILABLE,
  READER_REMOVED: EXIT.UNAVAILABLE,
  SERVICE_UNAVAILABLE: EXIT.UNAVAILABLE,
  LIBRARY_MISSING: EXIT.UNAVAILABLE,
  ABORTED: EXIT.INTERRUPTED,
};

export interface Failure {
  readonly exitCode: ExitCode;
  /** What goes to stderr: one sentence with the fix (a library list may follow on its own lines). */
  readonly message: string;
  /** Stable code for NDJSON events and scripts. */
  readonly code: string;
}

/** Maps anything a command threw to an exit code and a message for a person. */
export function failureOf(error: unknown): Failure {
  if (CliError.isInstance(error))
    return { exitCode: error.exitCode, message: error.message, code: error.code };
  if (ConfigError.isInstance(error)) {
    return { exitCode: EXIT.USAGE, message: `${error.message}: fix the config file`, code: error.code };
  }
  if (TraceFormatError.isInstance(error)) {
    return {
      exitCode: EXIT.USAGE,
      message: `${error.message}: give a file written by "openvitale trace"`,
      code: error.code,
    };
  }
  if (ReadError.isInstance(error) || TransportError.isInstance(error)) {
    const exitCode = READ_EXIT[error.code] ?? EXIT.READ_FAILED;
    return { exitCode, message: error.message, code: error.code };
  }
  // A full read of a Vitale 1 in the official XML profile, which has no element to say why there is no person.
  if (FormatError.isInstance(error) && error.code === 'PERSONS_NOT_DECODED') {
    return {
      exitCode: EXIT.LAYOUT_NOT_PUBLIC,
      message: `${error.message}: add --xml-profile extended, or use --format json`,
      code: 'LAYOUT_NOT_PUBLIC',
    };
  }
  if (FormatError.isInstance(error)) {
    return {
      exitCode: EXIT.READ_FAILED,
      message: `The card's data cannot be written in this format: ${error.message} (try --encoding utf8)`,
      code: error.code,
    };
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    exitCode: EXIT.INTERNAL,
    message: `Internal error, please report it at https://github.com/openvitale/openvitale/issues: ${text}`,
    code: 'INTERNAL',
  };
}
