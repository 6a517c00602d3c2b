import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeRun,
  FIXTURES,
  linuxTempDir,
  nodeOnLinux,
  nodeOnWindows,
  unixPath,
  windowsTempDir,
  wine,
} from './support.js';

/**
 * The ApiLec facade (`Hn_Init` from the folder of api_lec.ini) on Windows:
 * an api_lec.ini in one of the closed API's install folders
 * (docs/domain/official-api.md §1.3.1), written as Windows writes it (CRLF,
 * Windows paths, a section), read through `windows/facade.mjs`.
 */
const FOLDER = 'C:\\ProgramData\\santesocial\\api_lec64\\';
const READER = 'Synthetic Bi-Slot Reader Vitale 1';
const GALSS = 'C:\\Program Files\\santesocial\\galss\\galclw64.dll';
const PROFILE = 'vitale2-family.json';

function ini(lines: readonly string[]): string {
  return `${lines.join('\r\n')}\r\n`;
}

const PCSC_INI = ini([
  '; api_lec.ini, as saved by a Windows editor',
  '[API_LEC]',
  `Ressource_Vitale=${READER}`,
  'Ressource_CPS=Synthetic Bi-Slot Reader CPS 0',
  'Mode=PCSC',
  'CentreCarte0000=1',
  'NiveauTrace=2',
  `BibliothequeGALSS=${GALSS}`,
]);

interface Summary {
  readonly config: Record<string, unknown>;
  readonly cardState: string;
  readonly error: { code: string; step: string; message: string } | null;
  readonly log: readonly string[];
}

/** Runs facade.mjs on Windows (the ini in FOLDER) and on Linux (the same ini in a temporary folder). */
async function both(text: string | Buffer, profile: string, reader = READER) {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
  mkdirSync(unixPath(FOLDER), { recursive: true });
  writeFileSync(join(unixPath(FOLDER), 'api_lec.ini'), bytes);
  const out = windowsTempDir('facade');
  const linuxFolder = linuxTempDir('facade');
  writeFileSync(join(linuxFolder, 'api_lec.ini'), bytes);
  const linuxOut = join(linuxFolder, 'out');
  const windowsProfile = profile === '-' ? '-' : `C:\\openvitale\\fixtures\\cards\\${profile}`;
  const linuxProfile = profile === '-' ? '-' : join(FIXTURES, 'cards', profile);
  const [windows, linux] = await Promise.all([
    nodeOnWindows('facade.mjs', [FOLDER, windowsProfile, reader, out]),
    nodeOnLinux('facade.mjs', [`${linuxFolder}/`, linuxProfile, reader, linuxOut]),
  ]);
  expect(windows.code, describeRun(windows)).toBe(0);
  expect(linux.code, describeRun(linux)).toBe(0);
  const summary = (dir: string) => JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as Summary;
  return { windows: summary(unixPath(out)), linux: summary(linuxOut), out: unixPath(out), linuxOut };
}

describe.skipIf(!wine)('ApiLec on Windows', () => {
  it('reads its CRLF api_lec.ini with Windows paths and gives the XML Linux gives', async () => {
    const { windows, linux, out, linuxOut } = await both(PCSC_INI, PROFILE);
    expect(windows.config).toEqual({
      vitaleReader: READER,
      cpsReader: 'Synthetic Bi-Slot Reader CPS 0',
      mode: 'pcsc',
      centreCarte0000: true,
      traceLevel: 2,
      galssLibrary: GALSS,
      readTimeoutMs: 10_000,
    });
    expect(windows.cardState, JSON.stringify(windows.error)).toBe('read');
    const xml = readFileSync(join(out, 'result.xml'));
    expect(xml.equals(readFileSync(join(linuxOut, 'result.xml')))).toBe(true);
    // NiveauTrace=2: every APDU's header and status word, never a NIR or a name.
    expect(windows.log.length).toBeGreaterThan(3);
    expect(windows.log).toEqual(linux.log);
    expect(windows.log.join('\n')).not.toMatch(/[0-9]{13}|DEMO/);
  });

  it.each([
    ['UTF-8 with a byte order mark', Buffer.of(0xef, 0xbb, 0xbf), 'utf8'],
    ['UTF-16 LE with a byte order mark', Buffer.of(0xff, 0xfe), 'utf16le'],
  ] as const)('reads an api_lec.ini saved as %s', async (_name, mark, encoding) => {
    const reader = 'Lecteur Santé 0';
    const text = ini(['[API_LEC]', `Ressource_Vitale=${reader}`, 'Mode=PCSC']);
    const { windows } = await both(Buffer.concat([mark, Buffer.from(text, encoding)]), PROFILE, reader);
    expect(windows.config.vitaleReader).toBe(reader);
    expect(windows.cardState, JSON.stringify(windows.error)).toBe('read');
  });

  it('reports a missing GALSS library at its Windows path as an API error', async () => {
    const text = ini(['[API_LEC]', 'Ressource_Vitale=Vitale', 'Mode=GALSS', `BibliothequeGALSS=${GALSS}`]);
    const { windows } = await both(text, '-');
    expect(windows.cardState).toBe('api-error');
    expect(windows.error?.message).toContain(GALSS);
  });
});
