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
      '@openvitale/transport-nfc is not installed: install it beside this package',
    );
  });

  it('imports through the import the caller passes, and says what needs a missing package and where it goes', async () => {
    const module = '@openvitale/nothing-here';
    const options = { load: () => import(module), neededFor: '--transport demo', beside: '@openvitale/cli' };
    const error = await importTransport(module, 'create', options).catch((e: unknown) => e);
    expect(ReadError.isInstance(error) && error.code).toBe('LIBRARY_MISSING');
    expect((error as Error).message).toBe(
      '--transport demo needs @openvitale/nothing-here, which is not installed: install it beside @openvitale/cli',
    );
    const loaded = await importTransport('@openvitale/transport', 'send', {
      load: () => import('@openvitale/transport'),
    });
    expect(typeof loaded.send).toBe('function');
  });

  it('tells an installed package that misses one of its own dependencies from a missing package', async () => {
    const missingDependency = Object.assign(
      new Error("Cannot find package 'ws' imported from /x/agent/dist/server.js"),
      {
        code: 'ERR_MODULE_NOT_FOUND',
      },
    );
    const error = await importTransport('@openvitale/agent', 'main', {
      load: () => Promise.reject(missingDependency),
    }).catch((e: unknown) => e);
    expect(ReadError.isInstance(error) && error.code).toBe('LIBRARY_MISSING');
    expect((error as Error).message).toBe(
      '@openvitale/agent is installed but cannot load one of its dependencies: reinstall it beside this package',
    );
    expect((error as ReadError).detail).toMatch(/^Cannot find package 'ws'/);
  });

  it('refuses a package of another version (the export is missing)', async () => {
    await expect(importTransport('@openvitale/transport-pcsc', 'createNfcProvider')).rejects.toThrow(
      'The installed @openvitale/transport-pcsc has no createNfcProvider(): install the version of @openvitale/transport-pcsc that matches @openvitale/reader',
    );
  });
});
