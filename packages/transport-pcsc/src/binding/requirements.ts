import type { PcscFamily } from './layout.js';

/**
 * What to do when the PC/SC library does not load (a `LIBRARY_MISSING`
 * error's action), per OS. A machine needs at run time the system's PC/SC library and
 * its service. Nothing is compiled at install: the binding calls the library
 * through koffi, whose prebuilt binary ships inside its npm package.
 * Package names [H]: Debian/Ubuntu `libpcsclite1` (the `.so.1`) and `pcscd`;
 * Fedora/RHEL `pcsc-lite-libs` and `pcsc-lite`. macOS and Windows ship PC/SC
 * with the system.
 */
export const LIBRARY_REQUIREMENTS: Readonly<Record<PcscFamily, string>> = {
  'pcsc-lite':
    'install the PC/SC library and service: Debian/Ubuntu `sudo apt install libpcsclite1 pcscd`, ' +
    'Fedora/RHEL `sudo dnf install pcsc-lite-libs pcsc-lite` (other systems: the package providing libpcsclite.so.1, and pcscd)',
  macos:
    'nothing to install, PC/SC is part of macOS (PCSC.framework): check that the system library is readable',
  windows:
    'nothing to install, PC/SC is part of Windows (winscard.dll): start the "Smart Card" service (SCardSvr)',
};
