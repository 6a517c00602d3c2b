import { offeredProtocols } from '../atr.js';
import { pcscCode, pcscCodeName } from '../pcsc-codes.js';
import { DedicatedThread } from './dedicated-thread.js';
import { abiNameFor, PCSC_CONSTANTS as C, PCSC_ABIS, type PcscAbi } from './layout.js';
import { loadNative, type Native } from './native.js';
import {
  type Disposition,
  type PcscBinding,
  type PcscCardHandle,
  type PcscContext,
  PcscFailure,
  type Protocol,
  type ReaderStatus,
  SCARD_STATE,
  type ShareMode,
} from './port.js';

/**
 * The port over the system's PC/SC library, called through koffi: every
 * call that waits on a card or another application (connect, transmit,
 * transactions, status, reconnect, disconnect) runs on koffi's thread pool
 * with `.async`; a watch's `SCardGetStatusChange` runs on a thread of its
 * own (see dedicated-thread.ts); only the calls that never wait for a card
 * (list, reader states with a 0 ms timeout, cancel, contexts) are
 * synchronous.
 */

type Handle = number | bigint;
type Cell = Uint32Array | BigUint64Array | Int32Array | BigInt64Array;

const CODE = {
  TIMEOUT: pcscCode('SCARD_E_TIMEOUT'),
  CANCELLED: pcscCode('SCARD_E_CANCELLED'),
  NO_READERS: pcscCode('SCARD_E_NO_READERS_AVAILABLE'),
  INSUFFICIENT_BUFFER: pcscCode('SCARD_E_INSUFFICIENT_BUFFER'),
};
// Extended APDUs answer up to 65536 bytes + SW.
const MAX_RESPONSE = 65_538;
// Larger than any ATR (33 bytes in ISO 7816-3, a 36-byte buffer on Windows).
const ATR_CAPACITY = 64;
/** The longest wait `SCardGetStatusChange` takes below `INFINITE`. */
const MAX_WAIT_MS = C.INFINITE - 1;
/** While a cancelled wait has not returned, cancel again: pcsc-lite ignores a cancel that came before the wait. */
const CANCEL_AGAIN_MS = 20;

function check(code: number, call: string): void {
  const value = code >>> 0;
  if (value === C.SCARD_S_SUCCESS) return;
  const name = pcscCodeName(value) ?? `0x${value.toString(16).toUpperCase()}`;
  throw new PcscFailure(value, `${call} returned ${name}`);
}

function dwordCell(abi: PcscAbi, value = 0): Cell {
  return abi.dword === 8 ? BigUint64Array.of(BigInt(value)) : Uint32Array.of(value);
}

function handleCell(abi: PcscAbi): Cell {
  if (abi.handle.bytes === 8) return abi.handle.signed ? new BigInt64Array(1) : new BigUint64Array(1);
  return abi.handle.signed ? new Int32Array(1) : new Uint32Array(1);
}

const value = (cell: Cell): number => Number(cell[0]);

const shareMode = (share: ShareMode) =>
  share === 'exclusive' ? C.SCARD_SHARE_EXCLUSIVE : C.SCARD_SHARE_SHARED;

function disposition(end: Disposition): number {
  if (end === 'reset') return C.SCARD_RESET_CARD;
  if (end === 'unpower') return C.SCARD_UNPOWER_CARD;
  return C.SCARD_LEAVE_CARD;
}

/** Exactly the protocols the card's ATR offers: "any" fails on some stacks with a Vitale 1. */
function protocolMask(atr: Uint8Array): number {
  const { t0, t1 } = offeredProtocols(atr);
  return (t0 ? C.SCARD_PROTOCOL_T0 : 0) | (t1 ? C.SCARD_PROTOCOL_T1 : 0);
}

function protocolOf(abi: PcscAbi, active: number): Protocol {
  if (active === C.SCARD_PROTOCOL_T0) return 'T=0';
  if (active === C.SCARD_PROTOCOL_T1) return 'T=1';
  if (active === abi.constants.SCARD_PROTOCOL_RAW) return 'RAW';
  return 'unknown';
}

/**
 * An array of `SCARD_READERSTATE` in native memory, the reader names after
 * it: valid on any thread until `free()`.
 */
class ReaderStates {
  readonly pointer: bigint;
  readonly #native: Native;
  readonly #readers: readonly ReaderStatus[];
  readonly #size: number;

  constructor(native: Native, readers: readonly ReaderStatus[]) {
    const { koffi, readerState, abi } = native;
    this.#native = native;
    this.#readers = readers;
    this.#size = koffi.sizeof(readerState);
    const names = readers.map((r) => Buffer.from(`${r.name}\0`, abi.names));
    const total = this.#size * readers.length + names.reduce((sum, n) => sum + n.length, 0);
    this.pointer = koffi.alloc('uint8_t', Math.max(1, total)) as bigint;
    const memory = new Uint8Array(koffi.view(this.pointer, Math.max(1, total)));
    let at = this.#size * readers.length;
    readers.forEach((reader, i) => {
      const name = names[i]!;
      memory.set(name, at);
      koffi.encode(this.pointer, i * this.#size, readerState, {
        szReader: this.pointer + BigInt(at),
        pvUserData: null,
        dwCurrentState: reader.state,
        dwEventState: 0,
        cbAtr: 0,
        rgbAtr: [],
      });
      at += name.length;
    });
  }

  get count(): number {
    return this.#readers.length;
  }

  read(): ReaderStatus[] {
    const { koffi, readerState, abi } = this.#native;
    return this.#readers.map((reader, i) => {
      const state = koffi.decode(this.pointer, i * this.#size, readerState) as {
        dwEventState: number | bigint;
        cbAtr: number | bigint;
        rgbAtr: Uint8Array;
      };
      const length = Math.min(Number(state.cbAtr), abi.atrBuffer);
      return {
        name: reader.name,
        state: Number(state.dwEventState),
        atr: length > 0 ? state.rgbAtr.slice(0, length) : null,
      };
    });
  }

  free(): void {
    this.#native.koffi.free(this.pointer);
  }
}

class KoffiHandle implements PcscCardHandle {
  readonly #native: Native;
  readonly #handle: Handle;
  /** The `SCARD_PROTOCOL_*` mask the card was connected with, kept for reconnections. */
  readonly #protocols: number;
  #protocol: Protocol;

  constructor(native: Native, handle: Handle, protocols: number, active: number) {
    this.#native = native;
    this.#handle = handle;
    this.#protocols = protocols;
    this.#protocol = protocolOf(native.abi, active);
  }

  get protocol(): Protocol {
    return this.#protocol;
  }

  async atr(): Promise<Uint8Array> {
    const { abi } = this.#native;
    const atr = new Uint8Array(ATR_CAPACITY);
    const length = dwordCell(abi, ATR_CAPACITY);
    const [name, state, protocol] = [dwordCell(abi), dwordCell(abi), dwordCell(abi)];
    const code = await this.#native.async.status(this.#handle, null, name, state, protocol, atr, length);
    check(code, 'SCardStatus');
    return atr.slice(0, Math.min(value(length), ATR_CAPACITY));
  }

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    const { abi, pci } = this.#native;
    const request = this.#protocol === 'T=1' ? pci.t1 : this.#protocol === 'RAW' ? pci.raw : pci.t0;
    const response = Buffer.allocUnsafe(MAX_RESPONSE);
    const length = dwordCell(abi, MAX_RESPONSE);
    const code = await this.#native.async.transmit(
      this.#handle,
      request,
      command,
      command.length,
      null,
      response,
      length,
    );
    check(code, 'SCardTransmit');
    return new Uint8Array(response.subarray(0, Math.min(value(length), MAX_RESPONSE)));
  }

  async reconnect(share: ShareMode, initialization: Disposition): Promise<Protocol> {
    const active = dwordCell(this.#native.abi);
    const code = await this.#native.async.reconnect(
      this.#handle,
      shareMode(share),
      this.#protocols,
      disposition(initialization),
      active,
    );
    check(code, 'SCardReconnect');
    this.#protocol = protocolOf(this.#native.abi, value(active));
    return this.#protocol;
  }

  async beginTransaction(): Promise<void> {
    check(await this.#native.async.beginTransaction(this.#handle), 'SCardBeginTransaction');
  }

  async endTransaction(end: Disposition): Promise<void> {
    check(await this.#native.async.endTransaction(this.#handle, disposition(end)), 'SCardEndTransaction');
  }

  async disconnect(end: Disposition): Promise<void> {
    check(await this.#native.async.disconnect(this.#handle, disposition(end)), 'SCardDisconnect');
  }
}

class KoffiContext implements PcscContext {
  readonly #native: Native;
  readonly #context: Handle;
  #waiter: DedicatedThread | undefined;
  #waiting: Promise<unknown> | undefined;

  constructor(native: Native) {
    this.#native = native;
    const context = handleCell(native.abi);
    check(native.sync.establishContext(C.SCARD_SCOPE_USER, null, null, context), 'SCardEstablishContext');
    this.#context = context[0]!;
  }

  listReaders(): ReaderStatus[] {
    const names = this.#names();
    return names.length === 0
      ? []
      : this.#statusNow(names.map((name) => ({ name, state: SCARD_STATE.UNAWARE, atr: null })));
  }

  async getStatusChange(readers: readonly ReaderStatus[], timeoutMs: number): Promise<ReaderStatus[] | null> {
    this.#waiter ??= new DedicatedThread(this.#native.statusChange);
    const states = new ReaderStates(this.#native, readers);
    const timeout = Math.min(Math.max(0, Math.round(timeoutMs)), MAX_WAIT_MS);
    const waiting = this.#waiter.call([this.#context, timeout, states.pointer, states.count]);
    this.#waiting = waiting.catch(() => {});
    try {
      const code = (await waiting) >>> 0;
      if (code === CODE.CANCELLED) return null;
      if (code === CODE.TIMEOUT) return [];
      check(code, 'SCardGetStatusChange');
      return states.read();
    } finally {
      this.#waiting = undefined;
      states.free();
    }
  }

  isValid(): boolean {
    return this.#native.sync.isValidContext(this.#context) >>> 0 === C.SCARD_S_SUCCESS;
  }

  cancel(): void {
    const { cancel } = this.#native.sync;
    check(cancel(this.#context), 'SCardCancel');
    const waiting = this.#waiting;
    if (!waiting) return;
    const again = setInterval(() => cancel(this.#context), CANCEL_AGAIN_MS);
    void waiting.finally(() => clearInterval(again));
  }

  async connect(reader: string, share: ShareMode): Promise<PcscCardHandle> {
    const { abi } = this.#native;
    const [status] = this.#statusNow([{ name: reader, state: SCARD_STATE.UNAWARE, atr: null }]);
    const protocols = protocolMask(status?.atr ?? new Uint8Array());
    const handle = handleCell(abi);
    const active = dwordCell(abi);
    const code = await this.#native.async.connect(
      this.#context,
      Buffer.from(`${reader}\0`, abi.names),
      shareMode(share),
      protocols,
      handle,
      active,
    );
    check(code, 'SCardConnect');
    return new KoffiHandle(this.#native, handle[0]!, protocols, value(active));
  }

  close(): void {
    const waiting = this.#waiting;
    // pcsc-lite's release waits for the context's lock, which a wait holds: release once it has returned.
    if (waiting) {
      try {
        this.cancel();
      } catch {
        // A context pcscd no longer knows has nothing to cancel.
      }
      void waiting.finally(() => {
        try {
          this.#release();
        } catch {
          // Nothing is left to release on a context pcscd no longer knows.
        }
      });
      return;
    }
    this.#release();
  }

  #release(): void {
    void this.#waiter?.close();
    this.#waiter = undefined;
    check(this.#native.sync.releaseContext(this.#context), 'SCardReleaseContext');
  }

  #names(): string[] {
    const { abi, sync } = this.#native;
    for (let attempt = 0; ; attempt++) {
      const length = dwordCell(abi);
      let code = sync.listReaders(this.#context, null, null, length) >>> 0;
      if (code === CODE.NO_READERS) return [];
      check(code, 'SCardListReaders');
      const buffer = Buffer.alloc(value(length));
      code = sync.listReaders(this.#context, null, buffer, length) >>> 0;
      if (code === CODE.NO_READERS) return [];
      // A reader plugged in between the two calls: ask again.
      if (code === CODE.INSUFFICIENT_BUFFER && attempt < 3) continue;
      check(code, 'SCardListReaders');
      return buffer
        .subarray(0, value(length))
        .toString(abi.names)
        .split('\0')
        .filter((name) => name.length > 0);
    }
  }

  /** The readers' states now: a wait of 0 ms from an unaware state returns at once. */
  #statusNow(readers: readonly ReaderStatus[]): ReaderStatus[] {
    const states = new ReaderStates(this.#native, readers);
    try {
      const code = this.#native.sync.getStatusChange(this.#context, 0, states.pointer, states.count) >>> 0;
      if (code !== CODE.TIMEOUT) check(code, 'SCardGetStatusChange');
      return states.read();
    } finally {
      states.free();
    }
  }
}

export interface PcscLibraryOptions {
  /** The PC/SC library to load instead of the platform's (an unusual install). Default `OPENVITALE_PCSC_LIBRARY`. */
  readonly library?: string;
}

let shared: Promise<PcscBinding> | undefined;

/**
 * The binding to the system's PC/SC library (`libpcsclite.so.1`,
 * `winscard.dll`, `PCSC.framework`) for this platform's ABI. koffi and the
 * library load on the first call, once per process for the system library.
 * A missing library is `LIBRARY_MISSING` naming the package to install.
 */
export function loadKoffiBinding(options: PcscLibraryOptions = {}): Promise<PcscBinding> {
  const library = options.library ?? process.env.OPENVITALE_PCSC_LIBRARY;
  const create = async (): Promise<PcscBinding> => {
    const abi = PCSC_ABIS[abiNameFor(process.platform, process.arch)];
    const native = await loadNative(abi, library === undefined ? {} : { library });
    return { name: `koffi (${native.path})`, establishContext: () => new KoffiContext(native) };
  };
  if (library !== undefined) return create();
  shared ??= create();
  shared.catch(() => {
    shared = undefined;
  });
  return shared;
}
