import { existsSync, readFileSync } from 'node:fs';

/** What `doctor` needs to know to give the one command that fixes a problem here. */
export interface SystemInfo {
  readonly platform: NodeJS.Platform;
  /** Linux: the package manager of the distribution (from /etc/os-release), when known. */
  readonly packages: 'apt' | 'dnf' | 'zypper' | 'pacman' | 'apk' | undefined;
  /** Linux: what starts services. `none` in a container or a minimal system. */
  readonly init: 'systemd' | 'openrc' | 'none';
  /** Linux: whether the pcscd program is installed. */
  readonly pcscdInstalled: boolean;
}

const PACKAGE_MANAGERS: readonly (readonly [RegExp, NonNullable<SystemInfo['packages']>])[] = [
  [/\b(debian|ubuntu)\b/, 'apt'],
  [/\b(fedora|rhel|centos)\b/, 'dnf'],
  [/\b(suse|opensuse)\b/, 'zypper'],
  [/\barch\b/, 'pacman'],
  [/\balpine\b/, 'apk'],
];

/** Installing pcscd with each package manager: its package's name there [M, each distribution's usual name]. */
const INSTALL_PCSCD: Readonly<Record<NonNullable<SystemInfo['packages']>, string>> = {
  apt: 'sudo apt install pcscd',
  dnf: 'sudo dnf install pcsc-lite',
  zypper: 'sudo zypper install pcsc-lite',
  pacman: 'sudo pacman -S pcsclite',
  apk: 'sudo apk add pcsc-lite',
};

const START_PCSCD: Readonly<Record<SystemInfo['init'], string>> = {
  systemd: 'sudo systemctl enable --now pcscd.socket',
  openrc: 'sudo rc-update add pcscd && sudo rc-service pcscd start',
  // pcscd puts itself in the background.
  none: 'sudo pcscd',
};

export function detectSystem(): SystemInfo {
  const platform = process.platform;
  if (platform !== 'linux') return { platform, packages: undefined, init: 'none', pcscdInstalled: false };
  const release = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  const ids = [...release.matchAll(/^(?:ID|ID_LIKE)=["']?([^"'\n]*)/gm)]
    .map((m) => m[1]!.toLowerCase())
    .join(' ');
  const init = existsSync('/run/systemd/system') ? 'systemd' : existsSync('/run/openrc') ? 'openrc' : 'none';
  return {
    platform,
    packages: PACKAGE_MANAGERS.find(([pattern]) => pattern.test(ids))?.[1],
    init,
    pcscdInstalled: ['/usr/sbin/pcscd', '/usr/bin/pcscd', '/usr/local/sbin/pcscd'].some((path) =>
      existsSync(path),
    ),
  };
}

/** The package holding libpcsclite.so.1, the PC/SC library, with each package manager [M, each distribution's usual name]. */
const INSTALL_PCSC_LIBRARY: Readonly<Record<NonNullable<SystemInfo['packages']>, string>> = {
  apt: 'sudo apt install libpcsclite1',
  dnf: 'sudo dnf install pcsc-lite-libs',
  zypper: 'sudo zypper install libpcsclite1',
  pacman: 'sudo pacman -S pcsclite',
  apk: 'sudo apk add pcsc-lite-libs',
};

/**
 * The one thing to do when the system's PC/SC library does not load, for
 * this system; `undefined` where the transport's own advice is the best
 * there is (Windows and macOS ship the library, an unknown distribution).
 */
export function pcscLibraryFix(system: SystemInfo): string | undefined {
  if (system.platform !== 'linux' || system.packages === undefined) return undefined;
  return INSTALL_PCSC_LIBRARY[system.packages];
}

/** The one thing to do when the PC/SC service does not answer, for this system. */
export function pcscServiceFix(system: SystemInfo): string {
  switch (system.platform) {
    case 'win32':
      return 'start the Smart Card service (as administrator: sc config SCardSvr start= auto && sc start SCardSvr)';
    case 'darwin':
      return 'plug the reader in: macOS starts its PC/SC service when a reader appears';
    default: {
      const start = START_PCSCD[system.init];
      if (system.pcscdInstalled) return start;
      const install = system.packages === undefined ? undefined : INSTALL_PCSCD[system.packages];
      return install === undefined ? `install pcscd (pcsc-lite), then: ${start}` : `${install} && ${start}`;
    }
  }
}
