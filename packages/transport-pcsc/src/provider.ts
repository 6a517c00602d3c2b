import type { OpenOptions, ReaderEvent, TransportProvider, WatchOptions } from '@openvitale/transport';
import { raceAbort, throwIfAborted } from '@openvitale/transport';
import { loadKoffiBinding } from './binding/koffi.js';
import type { PcscBinding } from './binding/port.js';
import { ContextKeeper } from './context.js';
import { toTransportError } from './errors.js';
import { isRealReader, type PcscReaderState, readerState } from './readers.js';
import { DEFAULT_SHARING_RETRY, type SharingRetry } from './retry.js';
import { type AcceptCard, selectReader } from './select.js';
import { connectShared, PcscCardTransport, type PcscTransport, SESSION_IDLE_LIMIT_MS } from './transport.js';
import { watchReaders } from './watch.js';

export interface PcscProviderOptions {
  /**
   * The PC/SC binding behind the port. Default: the system's PC/SC library
   * through koffi, loaded on first use (a missing library fails that use
   * with `LIBRARY_MISSING`).
   */
  readonly binding?: PcscBinding | (() => Promise<PcscBinding>);
  /** Retries of a sharing violation (another application holds the reader). Default: 10 × 500 ms. */
  readonly sharingRetry?: SharingRetry;
  /** How long a session may leave the card idle before its transaction is ended. Default 4000 ms. */
  readonly sessionIdleLimitMs?: number;
  /** Watch: longest wait for a PC/SC change notification before looking again. Default 1000 ms. */
  readonly pollIntervalMs?: number;
  /** Watch: while pcscd is unreachable, how often to try again. Default 1000 ms. */
  readonly recoveryIntervalMs?: number;
}

export interface PcscOpenOptions extends OpenOptions {
  /** For `open('auto')`: the cards the caller looks for (the reader package passes its Vitale detector). Default: any card. */
  readonly accept?: AcceptCard;
}

export interface PcscProvider extends TransportProvider, AsyncDisposable {
  readonly kind: 'pcsc';
  /** The readers with the ATR of the card each holds. */
  listReaders(options?: OpenOptions): Promise<PcscReaderState[]>;
  /** Opens a reader by exact name, by a unique part of its name, or `auto`. */
  open(reader: string, options?: PcscOpenOptions): Promise<PcscTransport>;
  watch(options?: WatchOptions): AsyncIterable<ReaderEvent>;
  /** Releases the provider's PC/SC context. Open transports and watches are not affected. */
  close(): Promise<void>;
}

export function createPcscProvider(options: PcscProviderOptions = {}): PcscProvider {
  let loading: Promise<PcscBinding> | undefined;
  const binding = (): Promise<PcscBinding> => {
    const given = options.binding;
    loading ??= typeof given === 'function' ? given() : given ? Promise.resolve(given) : loadKoffiBinding();
    // A failed load is not kept: the library may be installed while the process runs.
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };
  const keeper = new ContextKeeper(binding);
  const sharingRetry = options.sharingRetry ?? DEFAULT_SHARING_RETRY;
  const sessionIdleLimitMs = options.sessionIdleLimitMs ?? SESSION_IDLE_LIMIT_MS;
  const timing = {
    pollIntervalMs: options.pollIntervalMs ?? 1000,
    recoveryIntervalMs: options.recoveryIntervalMs ?? 1000,
  };

  const listReaders = async (o: OpenOptions = {}): Promise<PcscReaderState[]> => {
    throwIfAborted(o.signal);
    const statuses = await keeper.use({ action: 'Listing readers' }, (context) => context.listReaders());
    return statuses.filter(isRealReader).map(readerState);
  };

  const connect = (own: ContextKeeper, reader: string, signal: AbortSignal | undefined) =>
    connectShared(
      () => own.use({ action: 'Connecting to', reader }, (context) => context.connect(reader, 'shared')),
      reader,
      sharingRetry,
      signal,
    );

  return {
    kind: 'pcsc',
    listReaders,
    async open(target, o = {}) {
      const { name } = selectReader(target, await listReaders(o), o.accept);
      // Each transport has a context of its own: the PC/SC client library serialises the calls on
      // one context, so a transmit (which waits for the card) would hold up the provider's
      // synchronous calls, and with them the event loop, for as long as it runs.
      const own = new ContextKeeper(binding);
      const handle = await connect(own, name, o.signal).catch((error: unknown) => {
        own.drop();
        throw error;
      });
      let atr: Uint8Array;
      try {
        // SCardStatus waits while another application holds a transaction: bounded by the caller.
        atr = await raceAbort(handle.atr(), o.signal);
      } catch (error) {
        void handle
          .disconnect('leave')
          .catch(() => {})
          .finally(() => own.drop());
        throw toTransportError(error, { action: 'Reading the ATR in', reader: name });
      }
      return new PcscCardTransport({
        reader: name,
        handle,
        atr,
        sharingRetry,
        sessionIdleLimitMs,
        reconnect: (signal) => connect(own, name, signal),
        release: () => own.drop(),
      });
    },
    watch: (o = {}) => watchReaders(binding, timing, o.signal),
    async close() {
      keeper.drop();
    },
    [Symbol.asyncDispose]() {
      return this.close();
    },
  };
}
