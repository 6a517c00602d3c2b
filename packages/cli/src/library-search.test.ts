import { describe, expect, it } from 'vitest';
import { libraryLocations } from './library-search.js';

const WINDOWS = {
  platform: 'win32',
  execPath: 'C:\\Program Files\\nodejs\\node.exe',
  env: { SystemRoot: 'C:\\WINDOWS', PATH: 'C:\\Program Files\\santesocial\\galss;C:\\WINDOWS;' },
} as const;

describe('libraryLocations', () => {
  it('looks for a bare DLL name in the Windows DLL search order, each folder once', () => {
    expect(libraryLocations('galclw64.dll', WINDOWS)).toEqual([
      'C:\\Program Files\\nodejs\\galclw64.dll',
      'C:\\WINDOWS\\System32\\galclw64.dll',
      'C:\\WINDOWS\\galclw64.dll',
      'C:\\Program Files\\santesocial\\galss\\galclw64.dll',
    ]);
  });

  it('takes an absolute path as it is, on Windows and elsewhere', () => {
    expect(libraryLocations('D:\\galss\\galclw64.dll', WINDOWS)).toEqual(['D:\\galss\\galclw64.dll']);
    const linux = { platform: 'linux', execPath: '/usr/bin/node', env: {} } as const;
    expect(libraryLocations('/usr/local/galss/libgalcllux.so', linux)).toEqual([
      '/usr/local/galss/libgalcllux.so',
    ]);
    expect(libraryLocations('libgalcllux.so', linux)).toEqual([]);
  });

  it('falls back on windir, then C:\\Windows, without a PATH', () => {
    const bare = { ...WINDOWS, env: { windir: 'E:\\Win' } };
    expect(libraryLocations('x.dll', bare)).toContain('E:\\Win\\System32\\x.dll');
    expect(libraryLocations('x.dll', { ...WINDOWS, env: {} })).toContain('C:\\Windows\\System32\\x.dll');
  });
});
