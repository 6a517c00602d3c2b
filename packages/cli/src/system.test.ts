import { describe, expect, it } from 'vitest';
import { pcscLibraryFix, pcscServiceFix, type SystemInfo } from './system.js';

const linux = (changes: Partial<SystemInfo>): SystemInfo => ({
  platform: 'linux',
  packages: 'apt',
  init: 'systemd',
  pcscdInstalled: true,
  ...changes,
});

describe('pcscServiceFix', () => {
  it.each<[string, SystemInfo, string]>([
    ['Debian with systemd', linux({}), 'sudo systemctl enable --now pcscd.socket'],
    [
      'Debian, pcscd not installed',
      linux({ pcscdInstalled: false }),
      'sudo apt install pcscd && sudo systemctl enable --now pcscd.socket',
    ],
    [
      'Fedora, not installed',
      linux({ packages: 'dnf', pcscdInstalled: false }),
      'sudo dnf install pcsc-lite && sudo systemctl enable --now pcscd.socket',
    ],
    [
      'Alpine with OpenRC',
      linux({ packages: 'apk', init: 'openrc', pcscdInstalled: false }),
      'sudo apk add pcsc-lite && sudo rc-update add pcscd && sudo rc-service pcscd start',
    ],
    ['a container without an init system', linux({ init: 'none' }), 'sudo pcscd'],
    [
      'an unknown distribution',
      linux({ packages: undefined, pcscdInstalled: false }),
      'install pcscd (pcsc-lite), then: sudo systemctl enable --now pcscd.socket',
    ],
  ])('%s', (_, system, fix) => {
    expect(pcscServiceFix(system)).toBe(fix);
  });

  it('names the Windows service, and says macOS starts its own', () => {
    const other = { packages: undefined, init: 'none', pcscdInstalled: false } as const;
    expect(pcscServiceFix({ platform: 'win32', ...other })).toMatch(/sc start SCardSvr/);
    expect(pcscServiceFix({ platform: 'darwin', ...other })).toMatch(/plug the reader in/);
  });
});

describe('pcscLibraryFix', () => {
  it.each<[string, SystemInfo, string | undefined]>([
    ['Debian', linux({}), 'sudo apt install libpcsclite1'],
    ['Fedora', linux({ packages: 'dnf' }), 'sudo dnf install pcsc-lite-libs'],
    ['Alpine', linux({ packages: 'apk' }), 'sudo apk add pcsc-lite-libs'],
    [
      'an unknown distribution: the transport says what to install',
      linux({ packages: undefined }),
      undefined,
    ],
    ['Windows: the library is part of the system', { ...linux({}), platform: 'win32' }, undefined],
  ])('%s', (_, system, fix) => {
    expect(pcscLibraryFix(system)).toBe(fix);
  });
});
