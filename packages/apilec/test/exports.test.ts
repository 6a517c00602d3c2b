import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LIBRARY } from './support.js';

const DLL64 = fileURLToPath(new URL('../build/win32-x64/api_lec64.dll', import.meta.url));
const DLL32 = fileURLToPath(new URL('../build/win32-ia32/api_lec32.dll', import.meta.url));
const NAMES = ['Hn_Finir', 'Hn_Init', 'Hn_LectureVitaleDonneesIdentification'];

/** The export table of a DLL as objdump -p prints it: name to RVA. */
function exportsOf(dll: string, objdump: string): Map<string, string> {
  const dump = execFileSync(objdump, ['-p', dll], { encoding: 'utf8' });
  const rvas = [...dump.matchAll(/^\s*\[\s*(\d+)\] \+base\[\s*\d+\] ([0-9a-f]+) Export RVA$/gm)].map(
    (m) => m[2]!,
  );
  const names = [...dump.matchAll(/^\s*\[\s*(\d+)\] (\S+)$/gm)].map((m) => [Number(m[1]), m[2]!] as const);
  return new Map(names.map(([ordinal, name]) => [name, rvas[ordinal]!]));
}

const importsOf = (dll: string, objdump: string) =>
  [...execFileSync(objdump, ['-p', dll], { encoding: 'utf8' }).matchAll(/DLL Name: (\S+)/g)].map((m) => m[1]);

describe('what the libraries export', () => {
  it('libapilec.so exports the three functions and nothing else', () => {
    const symbols = execFileSync('nm', ['-D', '--defined-only', LIBRARY], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => line.split(' ').pop());
    expect(symbols.sort()).toEqual(NAMES);
  });

  it('libapilec.so needs no symbol newer than glibc 2.17 (what the README promises)', () => {
    // A build on a newer system can pick newer symbols (glibc 2.38's __isoc23_strtol) without a warning.
    const versions = [
      ...execFileSync('objdump', ['-T', LIBRARY], { encoding: 'utf8' }).matchAll(/\bGLIBC_2\.(\d+)\b/g),
    ].map((m) => Number(m[1]));
    expect(versions.length).toBeGreaterThan(0);
    expect(Math.max(...versions)).toBeLessThanOrEqual(17);
  });

  it('api_lec64.dll exports the three names and needs only system DLLs', () => {
    expect([...exportsOf(DLL64, 'x86_64-w64-mingw32-objdump').keys()].sort()).toEqual(NAMES);
    expect(importsOf(DLL64, 'x86_64-w64-mingw32-objdump').sort()).toEqual(['KERNEL32.dll', 'msvcrt.dll']);
  });

  it('api_lec32.dll exports each __stdcall function under its plain and both decorated names', () => {
    // The decorated names exist only because the functions are __stdcall (mingw names them so):
    // a cdecl function would fail to link against native/exports32.def.
    const table = exportsOf(DLL32, 'i686-w64-mingw32-objdump');
    for (const [name, bytes] of [
      ['Hn_Init', 12],
      ['Hn_LectureVitaleDonneesIdentification', 20],
      ['Hn_Finir', 4],
    ] as const) {
      const rva = table.get(name);
      expect(rva, name).toBeDefined();
      expect(table.get(`${name}@${bytes}`)).toBe(rva);
      expect(table.get(`_${name}@${bytes}`)).toBe(rva);
    }
    expect(table.size).toBe(9);
    expect(importsOf(DLL32, 'i686-w64-mingw32-objdump').sort()).toEqual(['KERNEL32.dll', 'msvcrt.dll']);
  });
});
