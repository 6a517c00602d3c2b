import { TransportError } from '@openvitale/transport';
import { describe, expect, it } from 'vitest';
import { loadSmartcardBinding } from './smartcard.js';

describe('loading the smartcard addon', () => {
  it('fails with LIBRARY_MISSING naming each OS requirement when the addon cannot load', async () => {
    const error = await loadSmartcardBinding(() =>
      Promise.reject(new Error("Cannot find module 'smartcard'")),
    ).catch((e: unknown) => e);
    expect(TransportError.isInstance(error)).toBe(true);
    const { code, message } = error as TransportError;
    expect(code).toBe('LIBRARY_MISSING');
    expect(message).toContain('libpcsclite-dev pcscd');
    expect(message).toContain('pcsc-lite-devel pcsc-lite');
    expect(message).toMatch(/macOS.*Xcode command line tools/);
    expect(message).toMatch(/Windows.*WinSCard/);
    expect(message).toContain("Cannot find module 'smartcard'");
  });

  it('fails the same way when the module loads without its native part', async () => {
    const error = await loadSmartcardBinding(() => Promise.resolve({})).catch((e: unknown) => e);
    expect((error as TransportError).code).toBe('LIBRARY_MISSING');
  });

  it('accepts the module as a CommonJS default export', async () => {
    const binding = await loadSmartcardBinding(() => Promise.resolve({ default: { Context: class {} } }));
    expect(binding.name).toBe('smartcard');
  });
});
