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

/** Waits out another application's short exclusive use of the card before a session goes on shared. */
const SESSION_LOCK_RETRY = { attempts: 3, intervalMs: 100 } as const;

/** pcscd polls card presence about every 400 ms [H, toolchain notes]. */
const PRESENCE_POLL_MS = 600;
const STATUS_STEP_MS = 100;

import { isContextLost, toTransportError } from './errors.js';
import { retrySharing, type SharingRetry } from './retry.js';

/** A card connected through PC/SC. */
export interface PcscTransport extends ApduTransport {
  readonly kind: 'pcsc';
  /** The protocol negotiated with the card: `T=0` or `T=1`, as the card offers. */
  readonly protocol: Protocol;
  /** Whether the last session had the card exclusively (false: another application kept a shared connection). */
  readonly sessionLocked: boolean;
}

export interface TransportDependencies {
  readonly reader: string;
  readonly handle: PcscCardHandle;
  readonly sharingRetry: SharingRetry;
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
  sessionLocked = false;

  constructor(deps: TransportDependencies) {
    this.#deps = deps;
    this.reader = deps.reader;
    this.#handle = deps.handle;
    this.#atr = this.#handle.atr();
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
   * A session takes the card exclusively (smartcard 3.7.0 has no
   * `SCardBeginTransaction`; see docs/decisions/0001). Another application's
   * short exclusive use is waited out briefly; one that merely keeps a shared
   * connection open (health workstations run several such agents) would
   * block the session for as long as it runs, so the session then goes on
   * in shared mode, as a reader without transactions does: a read's commands
   * are short, idempotent SELECT and READ BINARY. `sessionLocked` tells which.
   */
  session<T>(work: (channel: ApduChannel) => Promise<T>, options: SessionOptions = {}): Promise<T> {
    this.#checkOpen();
    const channel: ApduChannel = { transmit: (command, o) => this.transmit(command, o) };
    let locked = false;
    return this.#gate.run(
      async () => {
        try {
          await retrySharing(
            () => this.#call('Starting a transaction on', () => this.#begin(options.signal)),
            SESSION_LOCK_RETRY,
            this.reader,
            options.signal,
          );
          locked = true;
        } catch (error) {
          if (!TransportError.isInstance(error) || error.code !== 'SHARING_VIOLATION') throw error;
        }
        this.sessionLocked = locked;
      },
      async () => {
        if (locked) await this.#call('Ending the transaction on', () => this.#handle.endTransaction('leave'));
      },
      () => work(channel),
    );
  }

  async reset(options: TransmitOptions = {}): Promise<Uint8Array> {
    this.#checkOpen();
    throwIfAborted(options.signal);
    const share = this.#gate.isOpen ? 'exclusive' : 'shared';
    try {
      await this.#call('Resetting the card in', () =>
        raceAbort(this.#handle.reconnect(share, 'reset'), options.signal),
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
    // Reset on release, so the next application finds the card clean. The
    // binding's disconnect is synchronous: resetting there would block the
    // event loop while the card answers, so the reset is an async reconnect.
    await this.#handle.reconnect('shared', 'reset').catch(() => {});
    try {
      this.#handle.disconnect('leave');
    } catch {
      // The card or pcscd is gone: there is nothing left to release.
    }
    this.#deps.release();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #begin(signal: AbortSignal | undefined): Promise<void> {
    const pending = this.#handle.beginTransaction();
    return raceAbort(pending, signal).catch((error: unknown) => {
      // Given up on, the exclusive handle may still come: share it again when it does.
      if (signal?.aborted) pending.then(() => this.#handle.endTransaction('leave')).catch(() => {});
      throw error;
    });
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
        this.#handle.atr();
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
