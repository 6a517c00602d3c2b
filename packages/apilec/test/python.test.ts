import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliRead, demoEngine, iniFolder, LIBRARY, runProgram } from './support.js';

const EXAMPLE = fileURLToPath(new URL('../examples/read_identification.py', import.meta.url));

const python = (args: readonly string[]) => runProgram('python3', [EXAMPLE, ...args]);

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
