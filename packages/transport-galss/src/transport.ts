import {
  type ApduChannel,
  type ApduTransport,
  deadline,
  Listeners,
  SessionGate,
  type SessionOptions,
  TRANSPORT_SPECIFICATION_VERSION,
  type TransmitOptions,
  TransportError,
  type TransportEvent,
  throwIfAborted,
} from '@openvitale/transport';
import type { GalssBinding } from './binding.js';
import { DEFAULT_RESOURCE } from './constants.js';
import { CR_COUNTER_MISMATCH, CR_OK, terminalError } from './errors.js';
import { type LibraryOptions, loadGalssBinding } from './koffi-binding.js';
import {
  CARD_STATE,
  cardCommandRequest,
  type PssResponse,
  planTpdu,
  powerOffRequest,
  powerOnRequest,
  presenceRequest,
} from './pss.js';
import { GalssSession } from './session.js';
import { resourceNames } from './session-open.js';

export interface GalssTransportOptions extends LibraryOptions {
  /** The GALSS resource (LAD name or alias). Default `Vitale`. */
  readonly resource?: string;
  /** Names tried when GALSS does not know `resource`. Default: the conventional alias (`Vitale` ↔ `TRANSPA2`, `CPS` ↔ `TRANSPA1`). */
  readonly aliases?: readonly string[];
  /** The application name given to GALSS (≤ 16 characters). Default `OpenVitale`. */
  readonly appName?: string;
  /**
   * The most `maxSeconds` of an `Echange` may be (1 to 65 535): GALSS's own
   * limit for one exchange when the caller's signal has no readable deadline.
   * With one, each `Echange` gets the time left before it. Default 30.
   */
  readonly exchangeSeconds?: number;
  /** Pause between two `DebutExclusivite` while another application holds the LAD. Default 100 ms. */
  readonly exclusivityRetryMs?: number;
  /** Bound on that wait, beside the caller's signal. Default 25 000 ms, as a vendor client waits. */
  readonly exclusivityTimeoutMs?: number;
  /** Bound on `close()`: power-off, `FinExclusivite`, `FermerSession`. Default 5 000 ms. */
  readonly closeTimeoutMs?: number;
  /** A binding to use instead of loading the vendor library (tests, other FFI). */
  readonly binding?: GalssBinding;
  readonly signal?: AbortSignal;
}

const DEFAULT_EXCHANGE_SECONDS = 30;
/** `closeTimeoutMs` when none is given. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 5000;

/**
 * Opens a resource in the order of the public sequence (docs/domain/official-api.md
 * §2.3): `OuvrirSession`, `DebutExclusivite` (again while another
 * application holds the LAD, bounded), the presence test, power-on. The
 * transport keeps the exclusivity until `close()`, so nothing touches the
 * card before it is ours. `NO_CARD` when the terminal holds none; every
 * GALSS status and terminal CR becomes a `TransportError` with its native
 * code.
 */
export async function openGalssTransport(options: GalssTransportOptions = {}): Promise<GalssTransport> {
  throwIfAborted(options.signal);
  const seconds = options.exchangeSeconds ?? DEFAULT_EXCHANGE_SECONDS;
  if (!(Number.isInteger(seconds) && seconds >= 1 && seconds <= 0xffff)) {
    throw new TransportError(
      'PROTOCOL',
      `exchangeSeconds must be a whole number of seconds from 1 to 65535, got ${seconds}`,
      { action: 'give exchangeSeconds from 1 to 65535' },
    );
  }
  const binding = options.binding ?? (await loadGalssBinding(options));
  const names = resourceNames(options.resource ?? DEFAULT_RESOURCE, options.aliases);
  const session = await GalssSession.open(binding, options.appName ?? 'OpenVitale', names, options.signal);
  const transport = new GalssTransport(session, options);
  try {
    await session.acquireExclusivity(options.signal, {
      retryMs: options.exclusivityRetryMs ?? 100,
      timeoutMs: options.exclusivityTimeoutMs ?? 25_000,
    });
    const presence = await session.exchange(
      presenceRequest(session.lad),
      options.signal,
      seconds,
      `Echange with "${session.resource}"`,
    );
    if (presence.cr !== CR_OK) {
      throw terminalError(presence.cr, `Presence test in "${session.resource}"`, {
        refused: presence.cardState < 0,
      });
    }
    if (presence.cardState === CARD_STATE.absent) {
      throw new TransportError('NO_CARD', `No card in "${session.resource}" (presence test: state 0)`, {
        nativeCode: 'state 0',
      });
    }
    await transport.reset(options.signal ? { signal: options.signal } : {});
  } catch (error) {
    await transport.close();
    throw error;
  }
  return transport;
}

/** A card in a PSS terminal (or a PC/SC reader behind GALSS), reached through the GALSS client library. */
export class GalssTransport implements ApduTransport {
  readonly specificationVersion = TRANSPORT_SPECIFICATION_VERSION;
  readonly kind = 'galss';
  readonly reader: string;
  /** The LAD byte of this resource in PSS requests. */
  readonly lad: number;
  readonly #session: GalssSession;
  readonly #options: GalssTransportOptions;
  readonly #gate = new SessionGate();
  readonly #listeners = new Listeners<TransportEvent>();
  #atr: Uint8Array = new Uint8Array(0);
  #counter = 0;
  #closing: Promise<void> | undefined;
  #closed = false;

  /** @internal use `openGalssTransport` */
  constructor(session: GalssSession, options: GalssTransportOptions) {
    this.#session = session;
    this.lad = session.lad;
    this.reader = session.resource;
    this.#options = options;
  }

  get atr(): Uint8Array {
    return this.#atr;
  }

  /** The terminal's counter as last seen: it changes when a card is inserted. */
  get counter(): number {
    return this.#counter;
  }

  /** `close()` has finished: the exclusivity and the session are given back (or abandoned). */
  get closed(): boolean {
    return this.#closed;
  }

  onEvent(listener: (event: TransportEvent) => void): () => void {
    return this.#listeners.add(listener);
  }

  async transmit(command: Uint8Array, options: TransmitOptions = {}): Promise<Uint8Array> {
    this.#checkOpen();
    const plan = planTpdu(command);
    const started = performance.now();
    try {
      let answer = await this.#exchange(cardCommandRequest(this.lad, this.#counter, plan), options.signal);
      if (answer.cr === CR_COUNTER_MISMATCH) {
        // A new counter: the card was swapped (then the new one is not powered), or the
        // terminal renumbered it. Only a still-powered card deserves the one retry.
        if (answer.cardState !== CARD_STATE.powered) throw removed(answer);
        this.#counter = answer.counter;
        answer = await this.#exchange(cardCommandRequest(this.lad, this.#counter, plan), options.signal);
        if (answer.cr === CR_COUNTER_MISMATCH) throw removed(answer);
      }
      if (answer.cr !== CR_OK) {
        throw terminalError(answer.cr, 'Card command', {
          cardWasPresent: true,
          refused: answer.cardState < 0,
        });
      }
      if (answer.data.length < 2) {
        throw new TransportError(
          'PROTOCOL',
          `The terminal returned ${answer.data.length} byte(s): no status word`,
        );
      }
      this.#counter = answer.counter;
      this.#listeners.emit({
        type: 'exchange',
        command,
        response: answer.data,
        durationMs: performance.now() - started,
      });
      return answer.data;
    } catch (error) {
      if (TransportError.isInstance(error)) {
        this.#listeners.emit({
          type: 'exchange-error',
          command,
          error,
          durationMs: performance.now() - started,
        });
      }
      throw error;
    }
  }

  /**
   * Runs `work` on the card. The LAD's exclusivity is already this
   * transport's, from open to close (the public sequence takes it before
   * the card is touched), so a session only keeps one user at a time: a
   * second one fails at once with `BUSY`.
   */
  session<T>(work: (channel: ApduChannel) => Promise<T>, _options: SessionOptions = {}): Promise<T> {
    this.#checkOpen();
    const channel: ApduChannel = { transmit: (command, o) => this.transmit(command, o) };
    return this.#gate.run(
      async () => {},
      async () => {},
      () => work(channel),
    );
  }

  /** Powers the card up again (`00 LAD 14`) and returns its ATR. */
  async reset(options: TransmitOptions = {}): Promise<Uint8Array> {
    this.#checkOpen();
    const answer = await this.#exchange(powerOnRequest(this.lad), options.signal);
    if (answer.cr !== CR_OK) {
      throw terminalError(answer.cr, `Power on in "${this.reader}"`, { refused: answer.cardState < 0 });
    }
    this.#atr = answer.data;
    this.#counter = answer.counter;
    this.#listeners.emit({ type: 'reset', atr: this.#atr });
    return this.#atr;
  }

  /**
   * Powers the card off, leaving it in the terminal (`00 LAD 15 01`), then
   * `FinExclusivite` and `FermerSession`. An exchange still in flight (one
   * the caller gave up on) is waited for first; after one that hung, the
   * power-off is skipped. Bounded by `closeTimeoutMs`: past it, the session
   * is closed as soon as that exchange ends. Idempotent; never throws.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutDown();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #shutDown(): Promise<void> {
    using bound = deadline(
      this.#options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS,
      undefined,
      'Closing the GALSS session',
    );
    // Only a card this transport powered is powered off; none after an exchange that hung.
    if (this.#atr.length > 0 && !this.#session.stalled && (await this.#session.idle(bound.signal))) {
      await this.#exchange(powerOffRequest(this.lad), bound.signal).catch(() => {});
    }
    await this.#session.close(bound.signal);
    this.#closed = true;
  }

  #checkOpen(): void {
    if (this.#closing)
      throw new TransportError('CLOSED', `The GALSS transport on "${this.reader}" is closed`);
  }

  #exchange(request: Uint8Array, signal: AbortSignal | undefined): Promise<PssResponse> {
    const limit = this.#options.exchangeSeconds ?? DEFAULT_EXCHANGE_SECONDS;
    return this.#session.exchange(request, signal, limit, `Echange with "${this.reader}"`);
  }
}

function removed(answer: PssResponse): TransportError {
  return new TransportError('CARD_REMOVED', 'The card was swapped or removed (terminal counter changed)', {
    nativeCode: `CR 16`,
    cause: { cardState: answer.cardState, counter: answer.counter },
  });
}
