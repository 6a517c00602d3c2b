import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the bin keeps pairing tokens (their hashes), per user: the XDG
 * state folder on Linux, Application Support on macOS, LOCALAPPDATA on
 * Windows.
 */
export function defaultTokensFile(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32')
    return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'OpenVitale', 'agent-tokens.json');
  if (platform === 'darwin')
    return join(homedir(), 'Library', 'Application Support', 'OpenVitale', 'agent-tokens.json');
  return join(env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'openvitale', 'agent-tokens.json');
}
