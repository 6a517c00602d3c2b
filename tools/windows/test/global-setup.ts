import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { FIXTURES, SCRIPTS, WINE_SH } from './paths.js';

/**
 * With OPENVITALE_WINE=1: a Wine prefix with Node.js for Windows and flat
 * installs of the packed packages (`scripts/wine.sh setup`), or the one
 * OPENVITALE_WINE_DIR names; then this package's Windows scripts and the
 * fixtures copied onto its drive C:. Stops the prefix's wineserver at the
 * end and removes a prefix it made (OPENVITALE_KEEP_WINE=1 keeps it).
 */
export default function setup(project: TestProject): (() => void) | undefined {
  if (process.env.OPENVITALE_WINE !== '1') {
    project.provide('wineDir', null);
    return undefined;
  }
  const given = process.env.OPENVITALE_WINE_DIR;
  const dir = given ?? mkdtempSync(join(tmpdir(), 'openvitale-wine-'));
  if (given === undefined) execFileSync('bash', [WINE_SH, 'setup', dir], { stdio: 'inherit' });
  const env = JSON.parse(readFileSync(join(dir, 'wine.json'), 'utf8')) as Record<string, string>;
  // Without wine32 the ia32 runs would be left out: never silently in CI.
  if (process.env.CI && !env.ARCHES!.split(' ').includes('IA32'))
    throw new Error('no 32-bit Wine here: install wine32 (bash scripts/install-system-deps.sh)');
  for (const arch of env.ARCHES!.split(' ')) {
    const app = env[`APP_${arch}_UNIX`]!;
    for (const script of readdirSync(SCRIPTS)) cpSync(join(SCRIPTS, script), join(app, script));
  }
  cpSync(FIXTURES, join(env.WINEPREFIX!, 'drive_c', 'openvitale', 'fixtures'), { recursive: true });
  project.provide('wineDir', dir);
  return () => {
    execFileSync('bash', [WINE_SH, 'stop', dir], { stdio: 'inherit' });
    if (given === undefined && process.env.OPENVITALE_KEEP_WINE !== '1') rmSync(dir, { recursive: true });
  };
}
