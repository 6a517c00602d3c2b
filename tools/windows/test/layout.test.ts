import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PCSC_ABIS } from '../../../packages/transport-pcsc/src/binding/layout.js';
import { arches, describeRun, REPO, runWindows, unixPath, windowsTempDir, wine } from './support.js';

/**
 * The binding's Windows layout against mingw-w64's winscard.h, on Windows:
 * packages/transport-pcsc/test/layout/probe.c built with mingw-w64 for x64
 * and ia32 and run under Wine must print what was recorded beside it
 * (windows-64.json, windows-ia32.json), which that package's layout test
 * compares with the binding's description. On ia32 the calls themselves
 * are checked too: the header declares every function the binding calls
 * `__stdcall` (WINAPI), with as many 4-byte arguments as the binding passes.
 */
const LAYOUT = join(REPO, 'packages', 'transport-pcsc', 'test', 'layout');
const ABIS = { X64: 'windows-64', IA32: 'windows-ia32' } as const;
const COMPILERS = { X64: 'x86_64-w64-mingw32', IA32: 'i686-w64-mingw32' } as const;

/** The functions the binding declares, with how many parameters, read from its source. */
function declaredFunctions(): { name: string; parameters: number }[] {
  const source = readFileSync(
    join(REPO, 'packages', 'transport-pcsc', 'src', 'binding', 'native.ts'),
    'utf8',
  );
  const ansi = PCSC_ABIS['windows-ia32'].ansi ? 'A' : '';
  return [...source.matchAll(/declare\(['`](SCard\w+?)(\$\{a\})?['`], \[([^\]]*)\]\)/g)].map((m) => ({
    name: `${m[1]}${m[2] ? ansi : ''}`,
    parameters: m[3]!.split(',').length,
  }));
}

describe.skipIf(!wine).each(arches)('the PC/SC layout on %s Windows', (arch) => {
  it('probe.c built with mingw-w64 and run under Wine prints the recorded layout', async () => {
    const dir = windowsTempDir(`probe-${arch}`);
    execFileSync(`${COMPILERS[arch]}-gcc`, [
      '-std=c99',
      '-Wall',
      '-Werror',
      join(LAYOUT, 'probe.c'),
      '-o',
      join(unixPath(dir), 'probe.exe'),
    ]);
    const run = await runWindows(`${dir}\\probe.exe`, [], { arch });
    expect(run.code, describeRun(run)).toBe(0);
    const recorded = JSON.parse(readFileSync(join(LAYOUT, `${ABIS[arch]}.json`), 'utf8')) as unknown;
    expect(JSON.parse(run.stdout.toString())).toEqual(recorded);
  });
});

describe.skipIf(!wine || !arches.includes('IA32'))('the PC/SC calls on ia32 Windows', () => {
  it('winscard.h declares each function the binding calls __stdcall, with its argument bytes', () => {
    const functions = declaredFunctions();
    expect(functions.length).toBeGreaterThanOrEqual(12);
    const dir = unixPath(windowsTempDir('calls'));
    const source = join(dir, 'calls.c');
    const body = functions.map((f, i) => `  out[${i}] = (void *)&${f.name};`).join('\n');
    writeFileSync(
      source,
      `#include <windows.h>\n#include <winscard.h>\nvoid calls(void **out) {\n${body}\n}\n`,
    );
    const object = join(dir, 'calls.o');
    execFileSync('i686-w64-mingw32-gcc', ['-std=c99', '-Wall', '-Werror', '-c', source, '-o', object]);
    // On ia32 a __stdcall symbol is decorated with its argument bytes (_Name@16); a __cdecl one is not (_Name).
    const symbols = execFileSync('i686-w64-mingw32-nm', ['-u', object], { encoding: 'utf8' });
    expect(PCSC_ABIS['windows-ia32'].convention).toBe('__stdcall');
    for (const f of functions) expect(symbols).toMatch(new RegExp(` _${f.name}@${4 * f.parameters}$`, 'm'));
  });
});
