import { TransportError } from '@openvitale/transport';
import type * as Smartcard from 'smartcard';
import { offeredProtocols } from '../atr.js';
import { type PcscCodeName, pcscCode } from '../pcsc-codes.js';
import {
  type Disposition,
  type PcscBinding,
  type PcscCardHandle,
  type PcscContext,
  PcscFailure,
  type Protocol,
  type ReaderStatus,
  type ShareMode,
} from './port.js';

type Module = typeof Smartcard;

/**
 * smartcard 3.7.0 rejects with a plain `Error` whose message is its text for
 * the PC/SC code (src/pcsc_errors.h); the code itself is lost. These are its
 * texts, mapped back to the codes. Its own `PCSCError` subclasses carry a
 * `code` but the native calls never throw them.
 */
const MESSAGES: Record<string, PcscCodeName> = {
  'Operation cancelled': 'SCARD_E_CANCELLED',
  'Cannot dispose handle': 'SCARD_E_CANT_DISPOSE',
  'Insufficient buffer': 'SCARD_E_INSUFFICIENT_BUFFER',
  'Invalid ATR': 'SCARD_E_INVALID_ATR',
  'Invalid handle': 'SCARD_E_INVALID_HANDLE',
  'Invalid parameter': 'SCARD_E_INVALID_PARAMETER',
  'Invalid target': 'SCARD_E_INVALID_TARGET',
  'Invalid value': 'SCARD_E_INVALID_VALUE',
  'Not enough memory': 'SCARD_E_NO_MEMORY',
  'PC/SC service not running': 'SCARD_E_NO_SERVICE',
  'No smart card present': 'SCARD_E_NO_SMARTCARD',
  'Reader not ready': 'SCARD_E_NOT_READY',
  'Transaction failed': 'SCARD_E_NOT_TRANSACTED',
  'PCI struct too small': 'SCARD_E_PCI_TOO_SMALL',
  'Protocol mismatch': 'SCARD_E_PROTO_MISMATCH',
  'Reader unavailable': 'SCARD_E_READER_UNAVAILABLE',
  'PC/SC service stopped': 'SCARD_E_SERVICE_STOPPED',
  'Sharing violation': 'SCARD_E_SHARING_VIOLATION',
  'System cancelled operation': 'SCARD_E_SYSTEM_CANCELLED',
  'Operation timed out': 'SCARD_E_TIMEOUT',
  'Unknown card type': 'SCARD_E_UNKNOWN_CARD',
  'Unknown reader': 'SCARD_E_UNKNOWN_READER',
  'No readers available': 'SCARD_E_NO_READERS_AVAILABLE',
  'Communication error': 'SCARD_F_COMM_ERROR',
  'Internal error': 'SCARD_F_INTERNAL_ERROR',
  'Card was removed': 'SCARD_W_REMOVED_CARD',
  'Card was reset': 'SCARD_W_RESET_CARD',
  'Card is unpowered': 'SCARD_W_UNPOWERED_CARD',
  'Card is unresponsive': 'SCARD_W_UNRESPONSIVE_CARD',
  'Card is not supported': 'SCARD_W_UNSUPPORTED_CARD',
  // Not PC/SC codes, but the binding's own guards: a handle or context already released.
  'Card is not connected': 'SCARD_E_INVALID_HANDLE',
  'Context is not valid': 'SCARD_E_INVALID_HANDLE',
};

/** The binding's error as a `PcscFailure` with the PC/SC code, when it can be recognised. */
export function failureOf(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'number') return new PcscFailure(code, error.message, { cause: error });
  const name = MESSAGES[error.message];
  return name === undefined ? error : new PcscFailure(pcscCode(name), error.message, { cause: error });
}

async function call<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw failureOf(error);
  }
}

function callSync<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw failureOf(error);
  }
}

// Extended APDUs answer up to 65536 bytes + SW; the binding's default buffer is 258.
const MAX_RESPONSE = 65_538;

type Connect = (share: ShareMode) => Promise<Smartcard.CardInterface>;

class SmartcardHandle implements PcscCardHandle {
  readonly #sc: Module;
  readonly #connect: Connect;
  /** The `SCARD_PROTOCOL_*` mask the card was connected with, kept for reconnections. */
  readonly #protocols: number;
  #card: Smartcard.CardInterface;
  #protocol: Protocol;

  constructor(sc: Module, card: Smartcard.CardInterface, connect: Connect, protocols: number) {
    this.#sc = sc;
    this.#card = card;
    this.#connect = connect;
    this.#protocols = protocols;
    this.#protocol = protocolOf(sc, card.protocol);
  }

  get protocol(): Protocol {
    return this.#protocol;
  }

  atr(): Uint8Array {
    return Uint8Array.from(callSync(() => this.#card.getStatus()).atr);
  }

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    const response = await call(() =>
      this.#card.transmit(Buffer.from(command), { maxRecvLength: MAX_RESPONSE }),
    );
    return Uint8Array.from(response);
  }

  async reconnect(share: ShareMode, initialization: Disposition): Promise<Protocol> {
    const sc = this.#sc;
    const protocol = await call(() =>
      this.#card.reconnect(shareMode(sc, share), this.#protocols, disposition(sc, initialization)),
    );
    this.#protocol = protocolOf(sc, protocol);
    return this.#protocol;
  }

  // smartcard 3.7.0 has no SCardBeginTransaction/SCardEndTransaction. The
  // nearest cross-process lock: hold the card through an exclusive handle,
  // taken by disconnecting (card left as it is) and connecting exclusively.
  // Not SCardReconnect: pcsc-lite 1.9 loops on it while another handle
  // exists, and keeps the reader locked after reconnecting shared.
  // See docs/decisions/0001-pcsc-binding-smartcard.md.
  async beginTransaction(): Promise<void> {
    await this.#swap('exclusive');
  }

  async endTransaction(end: Disposition): Promise<void> {
    if (end !== 'leave') await this.reconnect('exclusive', end);
    await this.#swap('shared');
  }

  disconnect(end: Disposition): void {
    callSync(() => this.#card.disconnect(disposition(this.#sc, end)));
  }

  async #swap(share: ShareMode): Promise<void> {
    this.disconnect('leave');
    try {
      this.#card = await call(() => this.#connect(share));
    } catch (error) {
      // Keep a usable (shared) handle when the exclusive one was refused.
      if (share === 'exclusive') this.#card = await call(() => this.#connect('shared'));
      throw error;
    }
    this.#protocol = protocolOf(this.#sc, this.#card.protocol);
  }
}

class SmartcardContext implements PcscContext {
  readonly #sc: Module;
  readonly #context: Smartcard.ContextInterface;

  constructor(sc: Module) {
    this.#sc = sc;
    this.#context = callSync(() => new sc.Context());
  }

  listReaders(): ReaderStatus[] {
    return callSync(() => this.#context.listReaders()).map((reader) => ({
      name: reader.name,
      state: reader.state,
      atr: reader.atr && reader.atr.length > 0 ? Uint8Array.from(reader.atr) : null,
    }));
  }

  async getStatusChange(readers: readonly ReaderStatus[], timeoutMs: number): Promise<ReaderStatus[] | null> {
    const known = readers.map((r) => ({ name: r.name, state: r.state, changed: false, atr: null }));
    const changes = await call(() => this.#context.waitForChange(known, timeoutMs));
    return (
      changes?.map((r) => ({ name: r.name, state: r.state, atr: r.atr ? Uint8Array.from(r.atr) : null })) ??
      null
    );
  }

  cancel(): void {
    callSync(() => this.#context.cancel());
  }

  async connect(reader: string, share: ShareMode): Promise<PcscCardHandle> {
    const found = callSync(() => this.#context.listReaders()).find((r) => r.name === reader);
    if (!found) throw new PcscFailure(pcscCode('SCARD_E_UNKNOWN_READER'), 'Unknown reader');
    const sc = this.#sc;
    const protocols = protocolMask(sc, Uint8Array.from(found.atr ?? []));
    const connect: Connect = (mode) => found.connect(shareMode(sc, mode), protocols);
    return new SmartcardHandle(sc, await call(() => connect(share)), connect, protocols);
  }

  close(): void {
    callSync(() => this.#context.close());
  }
}

/** Exactly the protocols the card's ATR offers: "any" fails on some stacks with a Vitale 1. */
function protocolMask(sc: Module, atr: Uint8Array): number {
  const { t0, t1 } = offeredProtocols(atr);
  return (t0 ? sc.SCARD_PROTOCOL_T0 : 0) | (t1 ? sc.SCARD_PROTOCOL_T1 : 0);
}

function shareMode(sc: Module, share: ShareMode): number {
  return share === 'exclusive' ? sc.SCARD_SHARE_EXCLUSIVE : sc.SCARD_SHARE_SHARED;
}

function disposition(sc: Module, value: Disposition): number {
  if (value === 'reset') return sc.SCARD_RESET_CARD;
  if (value === 'unpower') return sc.SCARD_UNPOWER_CARD;
  return sc.SCARD_LEAVE_CARD;
}

function protocolOf(sc: Module, value: number): Protocol {
  if (value === sc.SCARD_PROTOCOL_T0) return 'T=0';
  if (value === sc.SCARD_PROTOCOL_T1) return 'T=1';
  if (value === sc.SCARD_PROTOCOL_RAW) return 'RAW';
  return 'unknown';
}

export const LIBRARY_REQUIREMENTS = [
  'The PC/SC binding (the optional dependency "smartcard", a native addon built at install) could not be loaded.',
  'Install what it needs, then reinstall the package:',
  '- Debian/Ubuntu: apt install libpcsclite-dev pcscd (and g++, make, python3 to build)',
  '- Fedora/RHEL: dnf install pcsc-lite-devel pcsc-lite (and gcc-c++, make, python3)',
  '- macOS: the PC/SC framework is built in; install the Xcode command line tools (xcode-select --install)',
  '- Windows: WinSCard is built in; install the Visual Studio C++ build tools',
].join('\n');

/** Loads the smartcard addon: native code only loads when a provider is first used. */
export async function loadSmartcardBinding(
  load: () => Promise<unknown> = () => import('smartcard'),
): Promise<PcscBinding> {
  let sc: Module;
  try {
    const loaded = (await load()) as Module & { default?: Module };
    sc = typeof loaded.Context === 'function' ? loaded : (loaded.default ?? loaded);
    if (typeof sc.Context !== 'function') throw new Error('the module has no Context export');
  } catch (error) {
    throw new TransportError('LIBRARY_MISSING', `${LIBRARY_REQUIREMENTS}\nCause: ${String(error)}`, {
      nativeCode: 'smartcard',
      cause: error,
    });
  }
  return { name: 'smartcard', establishContext: () => new SmartcardContext(sc) };
}
