import { DEFAULT_CONFIG, parseConfig, type ReaderConfig } from '@openvitale/reader';
import { readUserFile } from './files.js';

/** The `--config` file (api_lec.ini-style), or the defaults. */
export async function loadConfig(path: string | undefined): Promise<ReaderConfig> {
  if (path === undefined) return DEFAULT_CONFIG;
  const bytes = await readUserFile(path, null, 'the config file', 'check the --config path');
  return parseConfig(bytes, path);
}
