import { existsSync } from 'node:fs';

/** Debian's chromium (scripts/install-system-deps.sh): never a browser downloaded by a test. */
export const CHROMIUM = '/usr/bin/chromium';

export const chromiumAvailable = (): boolean => existsSync(CHROMIUM);

/**
 * Headless as root, in a container: no sandbox, no GPU; and none of the
 * background traffic (QUIC, component updates, sync) that otherwise keeps
 * trying to reach the internet and fails.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
