import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import koffi from 'koffi';
import { afterAll, describe, expect, it } from 'vitest';
import {
  abiNameFor,
  expectedLayout,
  type LayoutFacts,
  PCSC_ABIS,
  type PcscAbi,
  type PcscAbiName,
} from '../../src/binding/layout.js';
import { koffiLayout } from '../../src/binding/native.js';
import { SCARD_STATE } from '../../src/binding/port.js';
import { PCSC_CODES } from '../../src/pcsc-codes.js';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const PCSC_LITE_HEADER = '/usr/include/PCSC/winscard.h';
const headers = existsSync(PCSC_LITE_HEADER);
if (process.env.CI && !headers)
  throw new Error('CI needs the pcsc-lite headers for the layout probe (libpcsclite-dev)');

/** Every constant a probe prints: the ABI's, the state bits the port uses, and the return codes. */
function allConstants(abi: PcscAbi): Record<string, number> {
  const codes = Object.fromEntries(Object.entries(PCSC_CODES).map(([name, [value]]) => [name, value]));
  const states = Object.fromEntries(
    Object.entries(SCARD_STATE).map(([name, v]) => [`SCARD_STATE_${name}`, v]),
  );
  // SCARD_E_UNSUPPORTED_FEATURE is the one return code whose value differs (0x8010001F outside Windows).
  return { ...codes, ...states, ...expectedLayout(abi).constants };
}

function compare(probe: LayoutFacts, abi: PcscAbi): void {
  const expected = expectedLayout(abi);
  expect(probe.sizeof).toEqual(expected.sizeof);
  expect(probe.offsetof).toEqual(expected.offsetof);
  expect(probe.constants).toEqual(allConstants(abi));
}

describe('the PC/SC layouts', () => {
  const host = PCSC_ABIS[abiNameFor(process.platform, process.arch)];

  describe.skipIf(!headers || host.family !== 'pcsc-lite')(
    'against the pcsc-lite headers of this machine',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'openvitale-probe-'));
      afterAll(() => rmSync(dir, { recursive: true, force: true }));

      it(`test/layout/probe.c compiled against ${PCSC_LITE_HEADER} gives the ${host.name} description`, () => {
        const binary = join(dir, 'probe');
        execFileSync('cc', [
          '-std=c99',
          '-Wall',
          '-Werror',
          '-I/usr/include/PCSC',
          here('./probe.c'),
          '-o',
          binary,
        ]);
        compare(JSON.parse(execFileSync(binary, { encoding: 'utf8' })) as LayoutFacts, host);
      });
    },
  );

  it(`koffi lays the binding's types out as the ${host.name} description says`, () => {
    expect(koffiLayout(koffi, host)).toEqual(expectedLayout(host));
  });

  // Recorded from test/layout/probe.c built against mingw-w64 12's winscard.h and run under Wine 8:
  //   x86_64-w64-mingw32-gcc probe.c -o probe.exe && wine64 probe.exe > windows-64.json
  //   i686-w64-mingw32-gcc probe.c -o probe.exe && wine64 probe.exe > windows-ia32.json
  it.each(['windows-64', 'windows-ia32'] as const satisfies readonly PcscAbiName[])(
    'the %s description matches the probe built against mingw-w64',
    (name) => {
      const probe = JSON.parse(readFileSync(here(`./${name}.json`), 'utf8')) as LayoutFacts;
      compare(probe, PCSC_ABIS[name]);
    },
  );

  // No macOS header here: Apple's SmartCardServices src/PCSC/pcsclite.h (PCSC.framework's source) has
  // int32_t handles, uint32_t fields and both structs in #pragma pack(1), as pcsc-sys and ebfe/scard bind.
  it('the macos description: packed, 32-bit DWORD and handles, a 33-byte ATR buffer', () => {
    const facts = expectedLayout(PCSC_ABIS.macos);
    expect(facts.sizeof).toEqual({
      DWORD: 4,
      LONG: 4,
      SCARDCONTEXT: 4,
      SCARDHANDLE: 4,
      'SCARD_READERSTATE.rgbAtr': 33,
      SCARD_READERSTATE: 61,
      SCARD_IO_REQUEST: 8,
    });
    expect(facts.offsetof).toMatchObject({
      'SCARD_READERSTATE.dwCurrentState': 16,
      'SCARD_READERSTATE.cbAtr': 24,
      'SCARD_READERSTATE.rgbAtr': 28,
    });
    expect(facts.constants.SCARD_PROTOCOL_RAW).toBe(4);
  });

  it.each([
    ['linux', 'x64', 'pcsc-lite-lp64'],
    ['linux', 'arm64', 'pcsc-lite-lp64'],
    ['linux', 'arm', 'pcsc-lite-ilp32'],
    ['freebsd', 'x64', 'pcsc-lite-lp64'],
    ['win32', 'x64', 'windows-64'],
    ['win32', 'arm64', 'windows-64'],
    ['win32', 'ia32', 'windows-ia32'],
    ['darwin', 'arm64', 'macos'],
  ] as const)('%s %s runs the %s ABI', (platform, arch, name) => {
    expect(abiNameFor(platform, arch)).toBe(name);
  });
});
