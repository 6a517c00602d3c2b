import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliRead, demoEngine, iniFolder, LIBRARY } from './support.js';

const EXAMPLE = fileURLToPath(new URL('../examples/read_identification.py', import.meta.url));

function python(args: readonly string[]): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'python3',
      [EXAMPLE, ...args],
      { encoding: 'buffer', timeout: 60_000 },
      (error, stdout, stderr) => {
        const failed = error as (Error & { code?: unknown }) | null;
        resolve({
          code: failed ? (typeof failed.code === 'number' ? failed.code : null) : 0,
          stdout,
          stderr: stderr.toString('utf8'),
        });
      },
    );
  });
}

// The README's Python example, run as documented.
describe('the ctypes example', () => {
  it('prints the XML openvitale read --format xml prints', async () => {
    const dir = iniFolder(demoEngine());
    const run = await python([LIBRARY, dir]);
    expect(run.code, run.stderr).toBe(0);
    const cli = await cliRead(dir, ['--transport', 'demo']);
    expect(run.stdout.equals(cli.stdout)).toBe(true);
  });

  it('exits 1 with the error code and the card state when there is no card', async () => {
    const run = await python([LIBRARY, iniFolder(demoEngine('OpenVitaleProfilDemo=none')), '1']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('Hn_LectureVitaleDonneesIdentification: error 20, card state 2');
  });

  it('exits 1 with the error code when api_lec.ini is missing', async () => {
    const run = await python([LIBRARY, '/nonexistent/']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('Hn_Init: error 10');
  });
});
