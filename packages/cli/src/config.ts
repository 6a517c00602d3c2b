import { DEFAULT_CONFIG, parseConfig, type ReaderConfig } from '@openvitale/reader';
import { FILE_LIMITS, readUserFile } from './files.js';

/** The `--config` file (api_lec.ini-style), or the defaults. */
export async function loadConfig(path: string | undefined): Promise<ReaderConfig> {
  if (path === undefined) return DEFAULT_CONFIG;
  const text = await readUserFile(path, {
    what: 'the config file',
    fix: 'check the --config path',
    maxBytes: FILE_LIMITS.config,
  });
  return parseConfig(text, path);
}
