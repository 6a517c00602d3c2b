import { isOpenVitaleError, type OpenVitaleError, withAction } from '@openvitale/errors';
import { FormatError } from '@openvitale/format';
import { ConfigError, ReadError, type ReadErrorCode } from '@openvitale/reader';
import { TransportError } from '@openvitale/transport';
import { CliError } from './errors.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { detectSystem, pcscServiceFix } from './system.js';

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

/**
 * The library's advice names its own options and functions; at the command
 * line they are flags and commands.
 */
const CLI_TERMS: readonly (readonly [RegExp, string])[] = [
  [/\bwaitForReader\b/g, '--wait-for-reader'],
  [/\(recordTrace\)/g, '(openvitale trace --out bug.trace)'],
  [/\bthe clientLibrary option\b/g, 'BibliothequeGALSS in the --config file'],
  [/\(scope full\)/g, '(--full)'],
];

/** Where the library's action has no counterpart at the command line, the CLI's own. */
const CLI_ACTIONS: Readonly<Record<string, string>> = {
  TRACE_FORMAT: 'give a file written by openvitale trace, or fix that line',
  UNREPRESENTABLE_CHARACTER: 'write the XML as UTF-8 (--encoding utf8), or print JSON (--format json)',
  INVALID_XML_CHARACTER: 'print the card as JSON or text (--format json)',
};

export interface Failure {
  readonly exitCode: ExitCode;
  /** What goes to stderr: what happened, then what to do (a library list may follow on its own lines). */
  readonly message: string;
  /** Stable code for NDJSON events and scripts. */
  readonly code: string;
  /** The native or card detail (a PC/SC code, a status word), printed apart from the message. */
  readonly detail?: string;
}

/** Maps anything a command threw to an exit code and a message for a person. */
export function failureOf(error: unknown): Failure {
  if (!isOpenVitaleError(error)) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return {
      exitCode: EXIT.INTERNAL,
      message: `Internal error, please report it at https://github.com/openvitale/openvitale/issues: ${text}`,
      code: 'INTERNAL',
    };
  }
  return {
    exitCode: exitOf(error),
    message: withAction(error.summary, cliAction(error)),
    code: error.code,
    ...(error.detail ? { detail: error.detail } : {}),
  };
}

function exitOf(error: OpenVitaleError): ExitCode {
  if (CliError.isInstance(error)) return error.exitCode;
  if (ReadError.isInstance(error) || TransportError.isInstance(error)) {
    return READ_EXIT[error.code] ?? EXIT.READ_FAILED;
  }
  if (FormatError.isInstance(error)) return EXIT.READ_FAILED;
  // The rest is input the user gave: a config, a trace, a card profile, a galss.ini, a value.
  return EXIT.USAGE;
}

function cliAction(error: OpenVitaleError): string {
  if (ConfigError.isInstance(error) && error.line !== undefined) return 'fix that line of the config file';
  // The library lists every OS's way to start pcscd; the CLI knows which one is here (as doctor does).
  if (hasPcscCode(error, 'SCARD_E_NO_SERVICE')) return `${pcscServiceFix(detectSystem())}, then try again`;
  const own = CLI_ACTIONS[error.code];
  if (own !== undefined) return own;
  return CLI_TERMS.reduce((text, [term, flag]) => text.replace(term, flag), error.action);
}

/** Whether the error, or one it wraps (a `ReadError` keeps the transport's), is this PC/SC code. */
function hasPcscCode(error: unknown, name: string): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (TransportError.isInstance(e) && e.nativeCode === name) return true;
  }
  return false;
}
