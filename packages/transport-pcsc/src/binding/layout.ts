/**
 * The PC/SC C ABI of each platform, written once: which library, which
 * calling convention, how wide `DWORD`/`LONG` and the handles are, whether
 * the structs are packed, how long the ATR buffer is, and the constants that
 * differ. The koffi binding builds its types from this description and
 * checks them against it when it loads; test/layout/ checks it against the
 * real headers (a C probe compiled against pcsc-lite, and against
 * mingw-w64's `winscard.h` for Windows).
 *
 * Sources [H]: pcsc-lite 1.9.9 `PCSC/wintypes.h` and `PCSC/pcsclite.h`
 * (`DWORD` is `unsigned long`, `LONG` and the handles `long`, so 64-bit on
 * LP64; `SCARD_IO_REQUEST` holds two `unsigned long`); mingw-w64
 * `winscard.h`/`winsmcrd.h` (Windows: 32-bit `DWORD`, `ULONG_PTR` handles,
 * `rgbAtr[36]`, `SCARD_PROTOCOL_RAW` 0x10000, `WINAPI` = `__stdcall` on
 * 32-bit); Apple's `SmartCardServices/src/PCSC/pcsclite.h`, the source of
 * macOS's PCSC.framework (`uint32_t` `DWORD`, `int32_t` handles, both
 * structs in `#pragma pack(1)`). The Rust `pcsc-sys` crate and Go's
 * `ebfe/scard` bind the same widths.
 */

export type PcscFamily = 'pcsc-lite' | 'windows' | 'macos';

export interface PcscAbi {
  /** For messages and test names: `pcsc-lite LP64`, `windows ia32`... */
  readonly name: string;
  readonly family: PcscFamily;
  /** Library names tried in order by the system loader. */
  readonly libraries: readonly string[];
  readonly convention: '__cdecl' | '__stdcall';
  /** Bytes of a pointer. */
  readonly pointer: 4 | 8;
  /** Bytes of `DWORD`, `LONG` and the `SCARD_IO_REQUEST` fields. */
  readonly dword: 4 | 8;
  /** `SCARDCONTEXT` and `SCARDHANDLE`: `LONG` (signed) on pcsc-lite and macOS, `ULONG_PTR` on Windows. */
  readonly handle: { readonly bytes: 4 | 8; readonly signed: boolean };
  /** `SCARD_READERSTATE` and `SCARD_IO_REQUEST` without padding (macOS). */
  readonly packed: boolean;
  /** `rgbAtr` of `SCARD_READERSTATE`. */
  readonly atrBuffer: 33 | 36;
  /** Functions taking strings are the `A` variants (`SCardListReadersA`). */
  readonly ansi: boolean;
  /** How reader names are encoded: UTF-8 (pcsc-lite, macOS) or the ANSI code page, kept byte for byte. */
  readonly names: 'utf8' | 'latin1';
  /** Constants whose value differs between platforms. */
  readonly constants: {
    readonly SCARD_PROTOCOL_RAW: number;
    readonly SCARD_E_UNSUPPORTED_FEATURE: number;
  };
}

/** Constants with the same value on every platform (checked against each header). */
export const PCSC_CONSTANTS = {
  SCARD_S_SUCCESS: 0,
  SCARD_SCOPE_USER: 0,
  SCARD_SCOPE_SYSTEM: 2,
  SCARD_SHARE_EXCLUSIVE: 1,
  SCARD_SHARE_SHARED: 2,
  SCARD_LEAVE_CARD: 0,
  SCARD_RESET_CARD: 1,
  SCARD_UNPOWER_CARD: 2,
  SCARD_PROTOCOL_T0: 1,
  SCARD_PROTOCOL_T1: 2,
  INFINITE: 0xffffffff,
} as const;

const PCSC_LITE = {
  family: 'pcsc-lite',
  // The runtime package's soname (libpcsclite1 on Debian); the bare name is the -dev symlink.
  libraries: ['libpcsclite.so.1', 'libpcsclite.so'],
  convention: '__cdecl',
  packed: false,
  atrBuffer: 33,
  ansi: false,
  names: 'utf8',
  constants: { SCARD_PROTOCOL_RAW: 0x4, SCARD_E_UNSUPPORTED_FEATURE: 0x8010001f },
} as const;

const WINDOWS = {
  family: 'windows',
  libraries: ['winscard.dll'],
  dword: 4,
  packed: false,
  atrBuffer: 36,
  ansi: true,
  names: 'latin1',
  constants: { SCARD_PROTOCOL_RAW: 0x10000, SCARD_E_UNSUPPORTED_FEATURE: 0x80100022 },
} as const;

export const PCSC_ABIS = {
  'pcsc-lite-lp64': {
    ...PCSC_LITE,
    name: 'pcsc-lite LP64',
    pointer: 8,
    dword: 8,
    handle: { bytes: 8, signed: true },
  },
  'pcsc-lite-ilp32': {
    ...PCSC_LITE,
    name: 'pcsc-lite ILP32',
    pointer: 4,
    dword: 4,
    handle: { bytes: 4, signed: true },
  },
  'windows-64': {
    ...WINDOWS,
    name: 'windows 64-bit',
    convention: '__cdecl',
    pointer: 8,
    handle: { bytes: 8, signed: false },
  },
  'windows-ia32': {
    ...WINDOWS,
    name: 'windows ia32',
    convention: '__stdcall',
    pointer: 4,
    handle: { bytes: 4, signed: false },
  },
  macos: {
    name: 'macos',
    family: 'macos',
    libraries: ['/System/Library/Frameworks/PCSC.framework/PCSC'],
    convention: '__cdecl',
    pointer: 8,
    dword: 4,
    handle: { bytes: 4, signed: true },
    packed: true,
    atrBuffer: 33,
    ansi: false,
    names: 'utf8',
    constants: { SCARD_PROTOCOL_RAW: 0x4, SCARD_E_UNSUPPORTED_FEATURE: 0x8010001f },
  },
} as const satisfies Record<string, PcscAbi>;

export type PcscAbiName = keyof typeof PCSC_ABIS;

/** Node's 32-bit architectures; every other one has 64-bit pointers and `long`. */
const ARCH_32 = new Set(['arm', 'ia32', 'mips', 'mipsel', 'ppc', 's390']);

/** The ABI of a Node platform and architecture (`process.platform`, `process.arch`). */
export function abiNameFor(platform: NodeJS.Platform, arch: string): PcscAbiName {
  if (platform === 'win32') return arch === 'ia32' ? 'windows-ia32' : 'windows-64';
  if (platform === 'darwin') return 'macos';
  // Linux, the BSDs and the other Unixes run pcsc-lite.
  return ARCH_32.has(arch) ? 'pcsc-lite-ilp32' : 'pcsc-lite-lp64';
}

/** What a C compiler says of one ABI: the JSON that test/layout/probe.c prints. */
export interface LayoutFacts {
  readonly sizeof: Readonly<Record<string, number>>;
  readonly offsetof: Readonly<Record<string, number>>;
  readonly constants: Readonly<Record<string, number>>;
}

export interface FieldLayout {
  readonly name: string;
  readonly size: number;
  readonly align: number;
}

/** The fields of `SCARD_READERSTATE` in this ABI, in C order. */
export function readerStateFields(abi: PcscAbi): FieldLayout[] {
  const pointer = { size: abi.pointer, align: abi.pointer };
  const dword = { size: abi.dword, align: abi.dword };
  return [
    { name: 'szReader', ...pointer },
    { name: 'pvUserData', ...pointer },
    { name: 'dwCurrentState', ...dword },
    { name: 'dwEventState', ...dword },
    { name: 'cbAtr', ...dword },
    { name: 'rgbAtr', size: abi.atrBuffer, align: 1 },
  ];
}

export function ioRequestFields(abi: PcscAbi): FieldLayout[] {
  const dword = { size: abi.dword, align: abi.dword };
  return [
    { name: 'dwProtocol', ...dword },
    { name: 'cbPciLength', ...dword },
  ];
}

/** C's layout rules: each field at its alignment (1 when packed), the size rounded to the largest. */
export function structLayout(
  fields: readonly FieldLayout[],
  packed: boolean,
): { size: number; offsets: Record<string, number> } {
  const offsets: Record<string, number> = {};
  let at = 0;
  let largest = 1;
  for (const field of fields) {
    const align = packed ? 1 : field.align;
    at = Math.ceil(at / align) * align;
    offsets[field.name] = at;
    at += field.size;
    largest = Math.max(largest, align);
  }
  return { size: Math.ceil(at / largest) * largest, offsets };
}

/** The facts a C compiler gives for this ABI, computed from the description alone. */
export function expectedLayout(abi: PcscAbi): LayoutFacts {
  const state = structLayout(readerStateFields(abi), abi.packed);
  const io = structLayout(ioRequestFields(abi), abi.packed);
  const offsetof: Record<string, number> = {};
  for (const [field, at] of Object.entries(state.offsets)) offsetof[`SCARD_READERSTATE.${field}`] = at;
  for (const [field, at] of Object.entries(io.offsets)) offsetof[`SCARD_IO_REQUEST.${field}`] = at;
  return {
    sizeof: {
      DWORD: abi.dword,
      LONG: abi.dword,
      SCARDCONTEXT: abi.handle.bytes,
      SCARDHANDLE: abi.handle.bytes,
      'SCARD_READERSTATE.rgbAtr': abi.atrBuffer,
      SCARD_READERSTATE: state.size,
      SCARD_IO_REQUEST: io.size,
    },
    offsetof,
    constants: { ...PCSC_CONSTANTS, ...abi.constants },
  };
}
