import type { TransportError } from './errors.js';

/** The version of this contract; a transport states the one it implements. */
export const TRANSPORT_SPECIFICATION_VERSION = 1;

export interface TransmitOptions {
  readonly signal?: AbortSignal;
}

/** What a read procedure needs: one raw exchange, SW included, no chaining. */
export interface ApduChannel {
  transmit(command: Uint8Array, options?: TransmitOptions): Promise<Uint8Array>;
}

/** What happened at the raw level, for recorders, logs and benchmarks. */
export type TransportEvent =
  | { readonly type: 'reset'; readonly atr: Uint8Array }
  | {
      readonly type: 'exchange';
      readonly command: Uint8Array;
      readonly response: Uint8Array;
      readonly durationMs: number;
    }
  | {
      readonly type: 'exchange-error';
      readonly command: Uint8Array;
      readonly error: TransportError;
      readonly durationMs: number;
    };

export interface SessionOptions {
  /** Bounds the wait for exclusive access (another application may hold the card). */
  readonly signal?: AbortSignal;
}

/**
 * A connection to the card in one reader. `transmit` is the only primitive;
 * `send()` in this package builds ISO chaining on it once for every transport.
 */
export interface ApduTransport extends ApduChannel, AsyncDisposable {
  readonly specificationVersion: typeof TRANSPORT_SPECIFICATION_VERSION;
  /** `pcsc`, `galss`, `virtual`, `replay`... */
  readonly kind: string;
  readonly reader: string;
  /** The ATR of the card as last powered up or reset. */
  readonly atr: Uint8Array;
  /**
   * Runs `work` with exclusive access to the card (a PC/SC transaction, a
   * GALSS exclusivity) and always releases it. A second session while one
   * is open fails at once with `BUSY`; it is not queued.
   */
  session<T>(work: (channel: ApduChannel) => Promise<T>, options?: SessionOptions): Promise<T>;
  /** Warm-resets the card and returns the new ATR. */
  reset(options?: TransmitOptions): Promise<Uint8Array>;
  /** Listens to raw events; returns the function that stops listening. */
  onEvent(listener: (event: TransportEvent) => void): () => void;
  /** Releases the card (resetting it, so the next application finds it clean). Idempotent. */
  close(): Promise<void>;
}

export interface CardState {
  readonly atr: Uint8Array;
}

export interface ReaderState {
  readonly name: string;
  /** Other names the reader answers to (a GALSS resource's aliases), matched like `name` (`matchName`). */
  readonly aliases?: readonly string[];
  /** The card in the reader, or `null` when the slot is empty. */
  readonly card: CardState | null;
  /**
   * Set while another application holds the reader exclusively, so that its
   * card can be neither seen nor read now (a GALSS exclusivity): the holder's
   * name as the service gives it, `''` when it names none. `card` is then
   * what was last seen. Absent when the reader is free.
   */
  readonly heldBy?: string;
}

export type ReaderEvent =
  /** `aliases`: the reader's other names, when it has some (see `ReaderState`). */
  | { readonly type: 'reader-added'; readonly reader: string; readonly aliases?: readonly string[] }
  | { readonly type: 'reader-removed'; readonly reader: string }
  | { readonly type: 'card-inserted'; readonly reader: string; readonly atr: Uint8Array }
  | { readonly type: 'card-removed'; readonly reader: string }
  /** Another application took the reader exclusively (`heldBy`): nothing about its card is known until released. */
  | { readonly type: 'reader-held'; readonly reader: string; readonly holder: string }
  /** The reader is free again; card events for what changed meanwhile follow. */
  | { readonly type: 'reader-released'; readonly reader: string };

export interface OpenOptions {
  readonly signal?: AbortSignal;
}

export interface WatchOptions {
  readonly signal?: AbortSignal;
}

/** Lists readers, opens transports and watches readers and cards. */
export interface TransportProvider {
  readonly kind: string;
  listReaders(options?: OpenOptions): Promise<ReaderState[]>;
  open(reader: string, options?: OpenOptions): Promise<ApduTransport>;
  /**
   * The current state first (one `reader-added`, then `card-inserted` where a
   * card is present, then `reader-held` where another application holds it,
   * per reader), then every change, one event at a time; `card-removed`
   * always precedes the `reader-removed` of its reader, `reader-released`
   * the card events of what changed while it was held.
   * Ends when `signal` aborts.
   */
  watch(options?: WatchOptions): AsyncIterable<ReaderEvent>;
}
