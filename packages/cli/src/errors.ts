import { EXIT, type ExitCode } from './exit-codes.js';

const CLI_ERROR = Symbol.for('@openvitale/cli.CliError');

export type CliErrorCode = 'USAGE' | 'NOT_ANONYMISABLE' | 'OUTPUT' | 'DOCTOR_FAILED' | 'NOT_AVAILABLE';

const EXIT_OF: Record<CliErrorCode, ExitCode> = {
  USAGE: EXIT.USAGE,
  NOT_ANONYMISABLE: EXIT.USAGE,
  OUTPUT: EXIT.USAGE,
  DOCTOR_FAILED: EXIT.DOCTOR_FAILED,
  NOT_AVAILABLE: EXIT.UNAVAILABLE,
};

/** A failure the CLI itself detects; its message is one sentence that says what to do. */
export class CliError extends Error {
  readonly [CLI_ERROR] = true;
  override readonly name = 'CliError';
  readonly code: CliErrorCode;
  readonly exitCode: ExitCode;

  constructor(code: CliErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.exitCode = EXIT_OF[code];
  }

  static isInstance(value: unknown): value is CliError {
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[CLI_ERROR] === true
    );
  }
}

/** Bad usage; `command` selects the help the message points to. */
export function usage(message: string, command?: string): CliError {
  const help = command ? `openvitale ${command} --help` : 'openvitale --help';
  return new CliError('USAGE', `${message} (see ${help})`);
}
