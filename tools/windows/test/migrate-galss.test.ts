import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeRun,
  FIXTURES,
  linuxTempDir,
  openvitaleOnLinux,
  openvitaleOnWindows,
  unixPath,
  wine,
} from './support.js';

/**
 * `openvitale migrate-galss` on Windows, on galss.ini files in the Windows
 * folder (C:\WINDOWS\galss.ini), CRLF (docs/domain/official-api.md §2.4), with protocol libraries named by their
 * Windows paths: the same plan as on Linux, CRLF throughout (it is an
 * api_lec.ini to paste).
 */
const WINDOWS_PATHS = [
  '; GALSS 3.x on Windows 64 bits, PC/SC bridge',
  '[CONFIG]',
  'NbCanaux=1',
  '[PROTOCOLE1]',
  'NomLib=C:\\WINDOWS\\system32\\PCSCW64.DLL',
  'Config=C:\\WINDOWS\\galss.cfg',
  '[CANAL1]',
  'TCanal=3',
  'Index=1',
  'Protocole=1',
  'Caracteristiques=Synthetic Reader Vitale 0',
  '[CANAL1.PAD1]',
  'PAD=0',
  'NbLAD=1',
  '[CANAL1.PAD1.LAD1]',
  'LAD=1',
  'NomLAD=Vitale',
  'NbAlias=1',
  'NomAlias1=TRANSPA2',
].join('\r\n');

const GALSS_INI = 'C:\\WINDOWS\\galss.ini';

const FILES: readonly [string, Buffer][] = [
  ['windows-paths.ini', Buffer.from(`${WINDOWS_PATHS}\r\n`, 'latin1')],
  ...readdirSync(join(FIXTURES, 'galss'))
    .filter((f) => f.endsWith('.ini'))
    .map((f): [string, Buffer] => [f, readFileSync(join(FIXTURES, 'galss', f))]),
];

describe.skipIf(!wine)('migrate-galss on Windows', () => {
  it.each(FILES)('plans %s from C:\\WINDOWS\\galss.ini as Linux does', async (_name, bytes) => {
    // In the Windows folder [L: GALSS's usual place on Windows is not publicly documented]; one case at a time.
    writeFileSync(unixPath(GALSS_INI), bytes);
    const linuxFile = join(linuxTempDir('galss'), 'galss.ini');
    writeFileSync(linuxFile, bytes);
    const [windows, linux] = await Promise.all([
      openvitaleOnWindows(['migrate-galss', GALSS_INI]),
      openvitaleOnLinux(['migrate-galss', linuxFile]),
    ]);
    expect(windows.code, describeRun(windows)).toBe(0);
    expect(windows.stdout.equals(linux.stdout), describeRun(windows)).toBe(true);
    const text = windows.stdout.toString('latin1');
    expect(text).toMatch(/^Mode=PCSC\r$/m);
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
  });
});
