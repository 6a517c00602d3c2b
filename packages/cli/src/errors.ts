import { OpenVitaleError } from '@openvitale/errors';
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

/**
 * A failure the CLI itself detects: what happened, then `action`, what to
 * do. Without `action`, the message must say what to do itself.
 */
export class CliError extends OpenVitaleError {
  readonly [CLI_ERROR] = true;
  override readonly name = 'CliError';
  declare readonly code: CliErrorCode;
  readonly exitCode: ExitCode;

  constructor(
    code: CliErrorCode,
    message: string,
    options: { cause?: unknown; action?: string; detail?: string } = {},
  ) {
    super(code, message, { action: options.action ?? '', detail: options.detail, cause: options.cause });
    this.exitCode = EXIT_OF[code];
  }

  static override isInstance(value: unknown): value is CliError {
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[CLI_ERROR] === true
    );
  }
}

/** Bad usage; `command` selects the help the message points to. */
export function usage(message: string, command?: string): CliError {
  const help = command ? `openvitale ${command} --help` : 'openvitale --help';
  return new CliError('USAGE', message, { action: `see ${help}` });
}
