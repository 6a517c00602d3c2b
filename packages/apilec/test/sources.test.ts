import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempFolder } from './support.js';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));

/** The published package's own files (package.json `files`), without the prebuilt libraries. */
function publishedSources(): string {
  const dir = tempFolder();
  const { files } = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as { files: string[] };
  for (const entry of files.filter((f) => !f.startsWith('build/') && existsSync(join(PACKAGE, f)))) {
    cpSync(join(PACKAGE, entry), join(dir, entry), { recursive: true });
  }
  return dir;
}

describe('the sources the package ships', () => {
  it('build the libraries as the README says: make libraries, or make linux without mingw-w64', () => {
    const all = publishedSources();
    execFileSync('make', ['libraries'], { cwd: all, stdio: 'pipe' });
    for (const library of [
      'build/linux-x64/libapilec.so',
      'build/win32-x64/api_lec64.dll',
      'build/win32-ia32/api_lec32.dll',
    ])
      expect(existsSync(join(all, library)), library).toBe(true);
    const linux = publishedSources();
    execFileSync('make', ['linux', 'MINGW64=false', 'MINGW32=false'], { cwd: linux, stdio: 'pipe' });
    expect(existsSync(join(linux, 'build/linux-x64/libapilec.so'))).toBe(true);
  }, 120_000);
});
