import { CONFIG_MAX_BYTES, ConfigError, readTextFile } from '@openvitale/reader';
import { quote } from '@openvitale/transport';
import { CliError } from './errors.js';

/** The most each kind of file a user names may weigh: far above a real one, far below a full memory. */
export const FILE_LIMITS = {
  /** api_lec.ini, galss.ini. */
  config: CONFIG_MAX_BYTES,
  /** A trace of a full read holds every file of the card as hex: well under 1 MiB. */
  trace: 32 << 20,
  /** A virtual card profile (JSON). */
  profile: 4 << 20,
} as const;

export interface UserFile {
  /** What the file is, for the message: `the config file`. */
  readonly what: string;
  /** What to do when it cannot be read: `check the --config path`. */
  readonly fix: string;
  readonly maxBytes: number;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Reads a file the user named, as text (`readTextFile`: size cap, UTF-8
 * with or without BOM, UTF-16 with BOM, Latin-1, any line end). A failure is
 * a usage error saying which file, what is wrong and what to do.
 */
export async function readUserFile(path: string, file: UserFile): Promise<string> {
  try {
    const signal = file.signal === undefined ? {} : { signal: file.signal };
    return (await readTextFile(path, { maxBytes: file.maxBytes, ...signal })).text;
  } catch (error) {
    if (!ConfigError.isInstance(error)) throw error;
    const named = `${file.what} ${quote(path)}`;
    switch (error.code) {
      case 'FILE_UNREADABLE':
        throw new CliError('USAGE', `Cannot read ${named}`, {
          action: file.fix,
          ...(error.reason === undefined ? {} : { detail: error.reason }),
        });
      case 'FILE_TOO_LARGE':
        throw new CliError('USAGE', `${named} is larger than ${file.maxBytes} bytes`, { action: file.fix });
      default:
        // The summary names the file; the action says how to save it.
        throw new CliError('USAGE', `${file.what} ${error.summary}`, { action: error.action });
    }
  }
}
