import { promisify } from 'node:util';
import { loadFirstLibrary, TransportError } from '@openvitale/transport';
import type { NativeFunction } from './dedicated-thread.js';
import { expectedLayout, type LayoutFacts, type PcscAbi } from './layout.js';
import { LIBRARY_REQUIREMENTS } from './requirements.js';

export type Koffi = typeof import('koffi').default;
type KoffiType = ReturnType<Koffi['struct']>;
type Sync = (...args: unknown[]) => number;
type Async = (...args: unknown[]) => Promise<number>;

/** The PC/SC functions of one loaded library, with the types built from its ABI. */
export interface Native {
  readonly abi: PcscAbi;
  readonly koffi: Koffi;
  readonly path: string;
  readonly readerState: KoffiType;
  /** `SCardGetStatusChange` as the dedicated waiting thread declares it. */
  readonly statusChange: NativeFunction;
  /** `g_rgSCardT0Pci`, `g_rgSCardT1Pci`, `g_rgSCardRawPci`. */
  readonly pci: { readonly t0: bigint; readonly t1: bigint; readonly raw: bigint };
  readonly sync: {
    readonly establishContext: Sync;
    readonly releaseContext: Sync;
    readonly isValidContext: Sync;
    readonly listReaders: Sync;
    readonly getStatusChange: Sync;
    readonly cancel: Sync;
  };
  readonly async: {
    readonly connect: Async;
    readonly status: Async;
    readonly reconnect: Async;
    readonly disconnect: Async;
    readonly beginTransaction: Async;
    readonly endTransaction: Async;
    readonly transmit: Async;
  };
}

export interface NativeOptions {
  /** The library to load instead of the platform's (a test, an unusual install). */
  readonly library?: string;
  /** How koffi is imported (tests). */
  readonly importKoffi?: () => Promise<unknown>;
}

async function importKoffi(load: () => Promise<unknown>): Promise<Koffi> {
  try {
    const module = (await load()) as { default?: Koffi } & Koffi;
    const koffi = module.default ?? module;
    if (typeof koffi.load !== 'function') throw new Error('the module has no load()');
    return koffi;
  } catch (cause) {
    throw new TransportError(
      'LIBRARY_MISSING',
      `koffi, the FFI that reaches the system's PC/SC library, could not be loaded (${String(cause)})`,
      {
        nativeCode: 'koffi',
        cause,
        action:
          "reinstall @openvitale/transport-pcsc, keeping koffi's @koromix/koffi-* package for this platform",
      },
    );
  }
}

/** The facts koffi computes for the binding's types `t` (built from `abi` when not given), in the probe's terms. */
export function koffiLayout(koffi: Koffi, abi: PcscAbi, t = types(koffi, abi)): LayoutFacts {
  const offsetof: Record<string, number> = {};
  for (const [type, name] of [
    [t.readerState, 'SCARD_READERSTATE'],
    [t.ioRequest, 'SCARD_IO_REQUEST'],
  ] as const) {
    for (const field of Object.keys(type.members ?? {}))
      offsetof[`${name}.${field}`] = koffi.offsetof(type, field);
  }
  return {
    sizeof: {
      DWORD: koffi.sizeof(t.dword),
      LONG: koffi.sizeof(t.long),
      SCARDCONTEXT: koffi.sizeof(t.handle),
      SCARDHANDLE: koffi.sizeof(t.handle),
      'SCARD_READERSTATE.rgbAtr': t.readerState.members?.rgbAtr?.type.size ?? 0,
      SCARD_READERSTATE: koffi.sizeof(t.readerState),
      SCARD_IO_REQUEST: koffi.sizeof(t.ioRequest),
    },
    offsetof,
    constants: expectedLayout(abi).constants,
  };
}

const integer = (bytes: 4 | 8, signed: boolean) => `${signed ? 'int' : 'uint'}${bytes * 8}`;

/** koffi's names for the ABI's integers, and its two structs. */
function types(koffi: Koffi, abi: PcscAbi) {
  const define = abi.packed ? koffi.pack : koffi.struct;
  const dword = integer(abi.dword, false);
  return {
    dword,
    long: integer(abi.dword, true),
    handle: integer(abi.handle.bytes, abi.handle.signed),
    readerState: define({
      szReader: 'void *',
      pvUserData: 'void *',
      dwCurrentState: dword,
      dwEventState: dword,
      cbAtr: dword,
      rgbAtr: koffi.array('uint8_t', abi.atrBuffer),
    }),
    ioRequest: define({ dwProtocol: dword, cbPciLength: dword }),
  };
}

function notPcsc(path: string, name: string, cause: unknown): TransportError {
  return new TransportError('LIBRARY_MISSING', `${path} has no ${name}: it is not a PC/SC library`, {
    nativeCode: 'LIBRARY_MISSING',
    cause,
    action: 'name the PC/SC library itself in OPENVITALE_PCSC_LIBRARY, or unset it to use the system one',
  });
}

/**
 * Loads koffi and the system's PC/SC library and declares the functions.
 * Missing either is `LIBRARY_MISSING` naming what to install. The types are
 * checked against the ABI description before any call: a mismatch is a bug
 * of this package, reported before it could corrupt memory.
 */
export async function loadNative(abi: PcscAbi, options: NativeOptions = {}): Promise<Native> {
  const koffi = await importKoffi(options.importKoffi ?? (() => import('koffi')));
  const { library, path } = loadFirstLibrary(
    options.library === undefined ? abi.libraries : [options.library],
    (candidate) => koffi.load(candidate),
    'PC/SC library',
    LIBRARY_REQUIREMENTS[abi.family],
  );
  const t = types(koffi, abi);
  const actual = koffiLayout(koffi, abi, t);
  const expected = expectedLayout(abi);
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new TransportError(
      'PROTOCOL',
      `The PC/SC layout of ${abi.name} does not match what koffi computes on this machine ` +
        `(${JSON.stringify(actual)} instead of ${JSON.stringify(expected)})`,
      { action: 'report it to OpenVitale with the output of `node -p process.arch`: no PC/SC call was made' },
    );
  }
  const { readerState, long, dword, handle } = t;
  const a = abi.ansi ? 'A' : '';
  const declare = (name: string, parameters: string[]) => {
    try {
      return library.func(abi.convention, name, long, parameters);
    } catch (cause) {
      throw notPcsc(path, name, cause);
    }
  };
  const symbol = (name: string): bigint => {
    try {
      return library.symbol(name) as bigint;
    } catch (cause) {
      throw notPcsc(path, name, cause);
    }
  };
  const fn = {
    establishContext: declare('SCardEstablishContext', [dword, 'void *', 'void *', 'void *']),
    releaseContext: declare('SCardReleaseContext', [handle]),
    isValidContext: declare('SCardIsValidContext', [handle]),
    listReaders: declare(`SCardListReaders${a}`, [handle, 'void *', 'void *', 'void *']),
    getStatusChange: declare(`SCardGetStatusChange${a}`, [handle, dword, 'void *', dword]),
    status: declare(`SCardStatus${a}`, [handle, 'void *', 'void *', 'void *', 'void *', 'void *', 'void *']),
    cancel: declare('SCardCancel', [handle]),
    connect: declare(`SCardConnect${a}`, [handle, 'void *', dword, dword, 'void *', 'void *']),
    reconnect: declare('SCardReconnect', [handle, dword, dword, dword, 'void *']),
    disconnect: declare('SCardDisconnect', [handle, dword]),
    beginTransaction: declare('SCardBeginTransaction', [handle]),
    endTransaction: declare('SCardEndTransaction', [handle, dword]),
    transmit: declare('SCardTransmit', [handle, 'void *', 'void *', dword, 'void *', 'void *', 'void *']),
  };
  const sync = (f: (typeof fn)[keyof typeof fn]): Sync => f as Sync;
  const async = (f: (typeof fn)[keyof typeof fn]): Async => promisify(f.async) as Async;
  return {
    abi,
    koffi,
    path,
    readerState,
    statusChange: {
      library: path,
      convention: abi.convention,
      name: `SCardGetStatusChange${a}`,
      result: long,
      parameters: [handle, dword, 'void *', dword],
    },
    pci: { t0: symbol('g_rgSCardT0Pci'), t1: symbol('g_rgSCardT1Pci'), raw: symbol('g_rgSCardRawPci') },
    sync: {
      establishContext: sync(fn.establishContext),
      releaseContext: sync(fn.releaseContext),
      isValidContext: sync(fn.isValidContext),
      listReaders: sync(fn.listReaders),
      getStatusChange: sync(fn.getStatusChange),
      cancel: sync(fn.cancel),
    },
    async: {
      connect: async(fn.connect),
      status: async(fn.status),
      reconnect: async(fn.reconnect),
      disconnect: async(fn.disconnect),
      beginTransaction: async(fn.beginTransaction),
      endTransaction: async(fn.endTransaction),
      transmit: async(fn.transmit),
    },
  };
}
