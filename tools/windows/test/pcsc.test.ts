import { describe, expect, it } from 'vitest';
import { arches, describeRun, nodeOnWindows, openvitaleOnWindows, wine } from './support.js';

/**
 * The PC/SC transport on Windows: the koffi binding loads winscard.dll
 * (`__stdcall` on ia32) and calls it. Wine's winscard.dll is a stub that
 * answers SCARD_F_INTERNAL_ERROR to every call, so no read can go through:
 * what is checked is that this failure reaches the user as a typed error
 * naming what failed, with a documented exit code, at once (no crash, no hang).
 */
const DETAIL = 'openvitale: detail: SCARD_F_INTERNAL_ERROR \\(0x80100001\\)';
const STUB = /the PC\/SC service failed internally: restart the PC\/SC service .*under Wine/;

describe.skipIf(!wine).each(arches)('PC/SC on %s Node for Windows', (arch) => {
  it('loads winscard.dll and reports the failed call as a TransportError', async () => {
    const run = await nodeOnWindows('pcsc.mjs', [], { arch });
    expect(run.code, describeRun(run)).toBe(0);
    const result = JSON.parse(run.stdout.toString()) as {
      platform: string;
      binding: string;
      error?: { transportError: boolean; code: string; nativeCode: string; message: string };
    };
    expect(result.platform).toBe(`win32 ${arch.toLowerCase()}`);
    expect(result.binding).toBe('koffi (winscard.dll)');
    expect(result.error).toMatchObject({ transportError: true, nativeCode: 'SCARD_F_INTERNAL_ERROR' });
    expect(result.error?.message).toMatch(STUB);
  });

  it.each([['read', '--wait', '120'], ['watch'], ['trace', '--wait', '120']])(
    'openvitale %s: an error line, its detail, exit 7, not a wait',
    async (...args) => {
      // A hang is stopped after 60 s (exit 124), before any wait for a card could be over.
      const run = await openvitaleOnWindows(args, { arch, env: { OPENVITALE_WINE_TIMEOUT: '60' } });
      expect(run.code, describeRun(run)).toBe(7);
      expect(run.stderr).toMatch(
        new RegExp(`^openvitale: error: [^\\n]*${STUB.source}[^\\n]*\\n${DETAIL}\\n$`),
      );
      expect(run.stdout.length).toBe(0);
    },
  );

  it('openvitale doctor: the library loads, the readers check fails with the reason', async () => {
    const run = await openvitaleOnWindows(['doctor'], { arch });
    expect(run.code, describeRun(run)).toBe(8);
    const text = run.stdout.toString();
    expect(text).toContain('OK   PC/SC library: loads (koffi (winscard.dll))');
    expect(text).toMatch(new RegExp(`^FAIL readers: .*${STUB.source}`, 'm'));
  });
});
