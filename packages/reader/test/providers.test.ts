import { describe, expect, it } from 'vitest';
import { importTransport, loadProvider, ReadError } from '../src/index.js';

describe('loadProvider', () => {
  it('loads each transport package on demand', async () => {
    expect((await loadProvider('pcsc')).kind).toBe('pcsc');
    expect((await loadProvider('galss', { galssLibrary: '/nonexistent/libgalcllux.so' })).kind).toBe('galss');
  });

  it('says what to install when a transport package is missing', async () => {
    const error = await importTransport('@openvitale/transport-nfc', 'create').catch((e: unknown) => e);
    expect(ReadError.isInstance(error) && error.code).toBe('LIBRARY_MISSING');
    expect((error as Error).message).toBe(
      'The transport package @openvitale/transport-nfc is not installed: install it beside @openvitale/reader (npm install @openvitale/transport-nfc)',
    );
  });

  it('refuses a package of another version (the export is missing)', async () => {
    await expect(importTransport('@openvitale/transport-pcsc', 'createNfcProvider')).rejects.toThrow(
      'The installed @openvitale/transport-pcsc has no createNfcProvider(): install the version of @openvitale/transport-pcsc that matches @openvitale/reader',
    );
  });
});
