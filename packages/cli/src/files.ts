import { readFile } from 'node:fs/promises';
import { CliError } from './errors.js';

/** Reads a file the user named; a failure is a usage error saying which file and what to do. */
export async function readUserFile(
  path: string,
  encoding: BufferEncoding,
  what: string,
  fix: string,
): Promise<string>;
export async function readUserFile(path: string, encoding: null, what: string, fix: string): Promise<Buffer>;
export async function readUserFile(
  path: string,
  encoding: BufferEncoding | null,
  what: string,
  fix: string,
): Promise<string | Buffer> {
  try {
    return encoding === null ? await readFile(path) : await readFile(path, encoding);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CliError('USAGE', `Cannot read ${what} "${path}"`, { action: fix, detail: why });
  }
}
