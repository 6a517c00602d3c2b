import { describe, expect, it } from 'vitest';
import { callingConvention, libraryCandidates } from './library-paths.js';

describe('library candidates', () => {
  it('Linux: /usr/local/galss first, then the loader path', () => {
    expect(libraryCandidates({ platform: 'linux', arch: 'x64' })).toEqual({
      client: ['/usr/local/galss/libgalcllux.so', 'libgalcllux.so'],
      info: ['/usr/local/galss/libgalinlux.so', 'libgalinlux.so'],
    });
  });

  it('Windows: the 32- or 64-bit DLL, __stdcall on 32-bit only', () => {
    expect(libraryCandidates({ platform: 'win32', arch: 'ia32' }).client).toEqual(['galclw32.dll']);
    expect(libraryCandidates({ platform: 'win32', arch: 'x64' }).info).toEqual(['galinw64.dll']);
    expect(callingConvention('win32', 'ia32')).toBe('__stdcall');
    expect(callingConvention('win32', 'x64')).toBe('__cdecl');
    expect(callingConvention('linux', 'ia32')).toBe('__cdecl');
  });

  it('macOS: the frameworks', () => {
    expect(libraryCandidates({ platform: 'darwin', arch: 'arm64' }).client[0]).toBe(
      '/Library/Frameworks/galclosx.framework/galclosx',
    );
  });

  it('an explicit client library is the only one tried; the info library is guessed beside it', () => {
    const names = libraryCandidates({
      platform: 'linux',
      arch: 'x64',
      clientLibrary: '/opt/g/libgalcllux.so',
    });
    expect(names.client).toEqual(['/opt/g/libgalcllux.so']);
    expect(names.info[0]).toBe('/opt/g/libgalinlux.so');
    const explicit = libraryCandidates({ platform: 'linux', arch: 'x64', infoLibrary: '/x/info.so' });
    expect(explicit.info).toEqual(['/x/info.so']);
  });
});
