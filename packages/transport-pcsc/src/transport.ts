import {
  type ApduChannel,
  type ApduTransport,
  Listeners,
  raceAbort,
  SessionGate,
  type SessionOptions,
  sleep,
  TRANSPORT_SPECIFICATION_VERSION,
  type TransmitOptions,
  TransportError,
  type TransportEvent,
  throwIfAborted,
} from '@openvitale/transport';
import type { PcscCardHandle, Protocol } from './binding/port.js';
import { isContextLost, toTransportError } from './errors.js';
import { IdleLimit } from './idle-limit.js';
import { retrySharing, type SharingRetry } from './retry.js';

/** pcscd polls card presence every 400 ms [H, pcsc-lite's PCSCLITE_STATUS_POLL_RATE; seen 200-500 ms on vpcd]. */
const PRESENCE_POLL_MS = 600;
const STATUS_STEP_MS = 100;
/** Below Windows's 5 s reset of an idle transaction (idle-limit.ts). */
export const SESSION_IDLE_LIMIT_MS = 4000;

/** A card connected through PC/SC. */
export interface PcscTransport extends ApduTransport {
  readonly kind: 'pcsc';
  /** The protocol negotiated with the card: `T=0` or `T=1`, as the card offers. */
  readonly protocol: Protocol;
}

export interface TransportDependencies {
  readonly reader: string;
  readonly handle: PcscCardHandle;
  /** The card's ATR, read once connected. */
  readonly atr: Uint8Array;
  readonly sharingRetry: SharingRetry;
  /** How long a session's transaction may stay without an exchange (the provider's default: `SESSION_IDLE_LIMIT_MS`). */
  readonly sessionIdleLimitMs: number;
  /** A new shared connection to the same reader (after pcscd restarted, the old handle is dead). */
  readonly reconnect: (signal: AbortSignal | undefined) => Promise<PcscCardHandle>;
  /** Releases the transport's own PC/SC context, once the card is released. */
  readonly release: () => void;
}

export class PcscCardTransport implements PcscTransport {
  readonly specificationVersion = TRANSPORT_SPECIFICATION_VERSION;
  readonly kind = 'pcsc';
  readonly reader: string;
  readonly #deps: TransportDependencies;
  readonly #events = new Listeners<TransportEvent>();
  readonly #gate = new SessionGate();
  #handle: PcscCardHandle;
  #atr: Uint8Array;
  #closed = false;

  constructor(deps: TransportDependencies) {
    this.#deps = deps;
    this.reader = deps.reader;
    this.#handle = deps.handle;
    this.#atr = deps.atr;
  }

  get atr(): Uint8Array {
    return this.#atr;
  }

  get protocol(): Protocol {
    return this.#handle.protocol;
  }

  async transmit(command: Uint8Array, options: TransmitOptions = {}): Promise<Uint8Array> {
    this.#checkOpen();
    throwIfAborted(options.signal);
    const started = performance.now();
    try {
      // Another application's transaction shows as a sharing violation: wait it out, bounded.
      const response = await retrySharing(
        () => this.#call('Transmitting to', () => raceAbort(this.#handle.transmit(command), options.signal)),
        this.#deps.sharingRetry,
        this.reader,
        options.signal,
      );
      if (response.length < 2) {
        throw new TransportError(
          'PROTOCOL',
          `The reader "${this.reader}" returned a response without a status word`,
        );
      }
      this.#events.emit({ type: 'exchange', command, response, durationMs: performance.now() - started });
      return response;
    } catch (raw) {
      const error = await this.#explainFailure(
        toTransportError(raw, { action: 'Transmitting to', reader: this.reader }),
      );
      this.#events.emit({ type: 'exchange-error', command, error, durationMs: performance.now() - started });
      throw error;
    }
  }

  /**
   * A session is a PC/SC transaction (`SCardBeginTransaction` …
   * `SCardEndTransaction`, the card left as it is) on the shared connection:
   * other applications keep their own connections, and none can send a
   * command between two of ours. Another application's transaction is
   * waited for, bounded by `options.signal`; a sharing violation is retried
   * as connecting is. The transaction always ends: when `work` returns or
   * throws, and when it leaves the card idle for longer than the idle limit
   * (its later exchanges then fail with `TIMEOUT`): `work` should only
   * exchange commands, and do anything slow outside the session.
   */
  session<T>(work: (channel: ApduChannel) => Promise<T>, options: SessionOptions = {}): Promise<T> {
    this.#checkOpen();
    let idle: IdleLimit | undefined;
    const channel: ApduChannel = {
      transmit: (command, o) => {
        if (idle?.expired) return Promise.reject(this.#idleError());
        return idle ? idle.busy(() => this.transmit(command, o)) : this.transmit(command, o);
      },
    };
    return this.#gate.run(
      async () => {
        await retrySharing(
          () => this.#call('Starting a transaction on', () => this.#begin(options.signal)),
          this.#deps.sharingRetry,
          this.reader,
          options.signal,
        );
        const handle = this.#handle;
        idle = new IdleLimit(this.#deps.sessionIdleLimitMs, () => {
          handle.endTransaction('leave').catch(() => {});
        });
      },
      async () => {
        idle?.stop();
        if (idle && !idle.expired)
          await this.#call('Ending the transaction on', () => this.#handle.endTransaction('leave'));
      },
      () => work(channel),
    );
  }

  async reset(options: TransmitOptions = {}): Promise<Uint8Array> {
    this.#checkOpen();
    throwIfAborted(options.signal);
    try {
      await this.#call('Resetting the card in', () =>
        raceAbort(this.#handle.reconnect('shared', 'reset'), options.signal),
      );
    } catch (error) {
      // pcscd restarted: this handle is dead, the card is not; connect again (which resets it).
      if (!TransportError.isInstance(error) || !isContextLost(error)) throw error;
      this.#handle = await this.#deps.reconnect(options.signal);
    }
    this.#atr = await this.#call('Reading the ATR in', () => this.#handle.atr());
    this.#events.emit({ type: 'reset', atr: this.#atr });
    return this.#atr;
  }

  onEvent(listener: (event: TransportEvent) => void): () => void {
    return this.#events.add(listener);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Reset on release, so the next application finds the card clean.
    try {
      await this.#handle.disconnect('reset');
    } catch {
      // The card or pcscd is gone: there is nothing left to release.
    }
    this.#deps.release();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #begin(signal: AbortSignal | undefined): Promise<void> {
    try {
      await this.#beginOnce(signal);
    } catch (raw) {
      // Another application reset the card (pcscd does when one dies in a transaction):
      // acknowledge the reset on this handle, then begin again on the card as it now is.
      const error = toTransportError(raw, { action: 'Starting a transaction on', reader: this.reader });
      if (error.nativeCode !== 'SCARD_W_RESET_CARD') throw error;
      await raceAbort(this.#handle.reconnect('shared', 'leave'), signal);
      this.#atr = await raceAbort(this.#handle.atr(), signal);
      this.#events.emit({ type: 'reset', atr: this.#atr });
      await this.#beginOnce(signal);
    }
  }

  #beginOnce(signal: AbortSignal | undefined): Promise<void> {
    const handle = this.#handle;
    const pending = handle.beginTransaction();
    return raceAbort(pending, signal).catch((error: unknown) => {
      // Given up on while another application held the card: end it if it still comes.
      if (signal?.aborted) pending.then(() => handle.endTransaction('leave')).catch(() => {});
      throw error;
    });
  }

  #idleError(): TransportError {
    return new TransportError(
      'TIMEOUT',
      `The session on "${this.reader}" left the card idle for more than ${this.#deps.sessionIdleLimitMs} ms, so its transaction was ended (Windows resets such a card)`,
      { action: 'exchange the commands back to back and do slow work outside the session' },
    );
  }

  #checkOpen(): void {
    if (this.#closed) throw new TransportError('CLOSED', `The transport to "${this.reader}" is closed`);
  }

  /**
   * A reader that loses the card in the middle of an exchange may report a
   * failed exchange (`SCARD_E_NOT_TRANSACTED`) or an empty answer rather than
   * `SCARD_W_REMOVED_CARD` (vpcd does), and pcscd learns of the removal only
   * at its next presence poll (about 400 ms). The card's status is watched
   * for that long: a card that left is `CARD_REMOVED`.
   */
  async #explainFailure(error: TransportError): Promise<TransportError> {
    if (error.code !== 'PROTOCOL') return error;
    for (let waited = 0; waited <= PRESENCE_POLL_MS; waited += STATUS_STEP_MS) {
      try {
        await this.#handle.atr();
      } catch (status) {
        const gone = toTransportError(status, { action: 'Transmitting to', reader: this.reader });
        return gone.code === 'CARD_REMOVED' || gone.code === 'NO_CARD' ? gone : error;
      }
      await sleep(STATUS_STEP_MS);
    }
    return error;
  }

  async #call<T>(action: string, work: () => T | Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toTransportError(error, { action, reader: this.reader });
    }
  }
}

/** Connects in shared mode; a connection that lands after the caller gave up is released. */
export async function connectShared(
  connect: () => Promise<PcscCardHandle>,
  reader: string,
  retry: SharingRetry,
  signal: AbortSignal | undefined,
): Promise<PcscCardHandle> {
  return retrySharing(
    () => {
      const pending = connect();
      return raceAbort(pending, signal).catch((error: unknown) => {
        if (signal?.aborted) pending.then((late) => late.disconnect('leave')).catch(() => {});
        throw error;
      });
    },
    retry,
    reader,
    signal,
  );
}
