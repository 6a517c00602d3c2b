import { readFile } from 'node:fs/promises';
import { DEFAULT_CONFIG, parseConfig, type ReaderConfig } from '@openvitale/reader';
import { CliError } from './errors.js';

/** The `--config` file (api_lec.ini-style), or the defaults. */
export async function loadConfig(path: string | undefined): Promise<ReaderConfig> {
  if (path === undefined) return DEFAULT_CONFIG;
  let text: string;
  try {
    text = await readFile(path, 'latin1');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CliError('USAGE', `Cannot read the config file "${path}" (${why}): check the --config path`);
  }
  return parseConfig(text, path);
}
