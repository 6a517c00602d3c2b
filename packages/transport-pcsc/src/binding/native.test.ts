import { TransportError } from '@openvitale/transport';
import { describe, expect, it } from 'vitest';
import { abiNameFor, PCSC_ABIS } from './layout.js';
import { loadNative } from './native.js';
import { LIBRARY_REQUIREMENTS } from './requirements.js';

const host = PCSC_ABIS[abiNameFor(process.platform, process.arch)];
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e as TransportError,
  );

describe('loading the PC/SC library', () => {
  it('fails with LIBRARY_MISSING naming the path tried and what to install', async () => {
    const error = await failure(loadNative(host, { library: '/nonexistent/libpcsclite.so.1' }));
    expect(TransportError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'LIBRARY_MISSING', nativeCode: 'LIBRARY_MISSING' });
    expect(error!.summary).toContain('/nonexistent/libpcsclite.so.1');
    expect(error!.action).toBe(LIBRARY_REQUIREMENTS[host.family]);
  });

  it.skipIf(process.platform !== 'linux')(
    'fails with LIBRARY_MISSING when a library loads but is not PC/SC',
    async () => {
      const error = await failure(loadNative(host, { library: 'libc.so.6' }));
      expect(error).toMatchObject({ code: 'LIBRARY_MISSING' });
      expect(error!.message).toMatch(/has no SCardEstablishContext: it is not a PC\/SC library/);
    },
  );

  it('fails with LIBRARY_MISSING when koffi itself cannot load', async () => {
    const error = await failure(
      loadNative(host, { importKoffi: () => Promise.reject(new Error("Cannot find module 'koffi'")) }),
    );
    expect(error).toMatchObject({ code: 'LIBRARY_MISSING', nativeCode: 'koffi' });
    expect(error!.summary).toMatch(/koffi, the FFI .* could not be loaded .*Cannot find module 'koffi'/);
    expect(error!.action).toMatch(/reinstall @openvitale\/transport-pcsc/);
  });

  it('names the packages per OS', () => {
    expect(LIBRARY_REQUIREMENTS['pcsc-lite']).toContain('sudo apt install libpcsclite1 pcscd');
    expect(LIBRARY_REQUIREMENTS['pcsc-lite']).toContain('sudo dnf install pcsc-lite-libs pcsc-lite');
    expect(LIBRARY_REQUIREMENTS.windows).toMatch(/winscard\.dll.*Smart Card/);
    expect(LIBRARY_REQUIREMENTS.macos).toMatch(/PCSC\.framework/);
  });
});
