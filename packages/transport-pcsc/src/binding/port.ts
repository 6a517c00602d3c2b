/**
 * The small port between this transport and a PC/SC binding. Everything
 * above it speaks PC/SC semantics (share modes, dispositions, reader state
 * bits, `SCARD_*` return codes); only binding/koffi.ts knows the native
 * library. Unit tests implement it with a fake, so they never load koffi.
 */

/** Reader state bits of `SCARD_READERSTATE.dwEventState`: the same values in pcsc-lite, WinSCard and macOS. */
export const SCARD_STATE = {
  UNAWARE: 0x0000,
  IGNORE: 0x0001,
  CHANGED: 0x0002,
  UNKNOWN: 0x0004,
  UNAVAILABLE: 0x0008,
  EMPTY: 0x0010,
  PRESENT: 0x0020,
  ATRMATCH: 0x0040,
  EXCLUSIVE: 0x0080,
  INUSE: 0x0100,
  MUTE: 0x0200,
} as const;

/** The pseudo reader whose state changes when a reader is plugged or unplugged. */
export const PNP_NOTIFICATION = '\\\\?PnP?\\Notification';

export type ShareMode = 'shared' | 'exclusive';
/** What happens to the card when a handle is released or reconnected. */
export type Disposition = 'leave' | 'reset' | 'unpower';
export type Protocol = 'T=0' | 'T=1' | 'RAW' | 'unknown';

export interface ReaderStatus {
  readonly name: string;
  /** `SCARD_STATE` bits; the upper 16 bits carry pcsc-lite's event counter. */
  readonly state: number;
  readonly atr: Uint8Array | null;
}

/** A failed PC/SC call, with its `SCARD_*` return code (see pcsc-codes.ts). */
export class PcscFailure extends Error {
  override readonly name = 'PcscFailure';
  readonly pcscCode: number;

  constructor(pcscCode: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.pcscCode = pcscCode;
  }
}

/** A connection to one card (an `SCARDHANDLE`). */
export interface PcscCardHandle {
  readonly protocol: Protocol;
  /**
   * `SCardStatus`: the ATR as the card last answered it. Asynchronous:
   * pcsc-lite's waits while another application holds a transaction.
   */
  atr(): Promise<Uint8Array>;
  transmit(command: Uint8Array): Promise<Uint8Array>;
  reconnect(share: ShareMode, initialization: Disposition): Promise<Protocol>;
  /** `SCardBeginTransaction`: cross-process exclusive access until `endTransaction`. */
  beginTransaction(): Promise<void>;
  endTransaction(disposition: Disposition): Promise<void>;
  disconnect(disposition: Disposition): Promise<void>;
}

/**
 * An `SCARDCONTEXT`. After pcscd restarts every call fails and a new one
 * must be established. The PC/SC library serialises the calls on one
 * context, so each user that may wait (a transport, a watch) has its own.
 */
export interface PcscContext {
  listReaders(): ReaderStatus[];
  /**
   * `SCardGetStatusChange` over `readers` (their `state` is the state the
   * caller knows). Resolves with the new states, with `[]` on timeout, and
   * with `null` when `cancel()` interrupted it. Never holds up the calls of
   * other contexts while it waits.
   */
  getStatusChange(readers: readonly ReaderStatus[], timeoutMs: number): Promise<ReaderStatus[] | null>;
  /** `SCardIsValidContext`: false once the PC/SC library no longer knows this context. */
  isValid(): boolean;
  /** `SCardCancel` on this very context: pcsc-lite only cancels a wait through the context that waits. */
  cancel(): void;
  connect(reader: string, share: ShareMode): Promise<PcscCardHandle>;
  close(): void;
}

/** The binding itself: establishes contexts (`SCardEstablishContext`). Throws `PcscFailure`. */
export interface PcscBinding {
  readonly name: string;
  establishContext(): PcscContext;
}
