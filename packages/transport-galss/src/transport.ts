import {
  type ApduChannel,
  type ApduTransport,
  abortReason,
  deadline,
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
import type { GalssBinding } from './binding.js';
import { DEFAULT_RESOURCE } from './constants.js';
import { CR_COUNTER_MISMATCH, CR_OK, G_ERREXCL, galssError, terminalError } from './errors.js';
import { type LibraryOptions, loadGalssBinding } from './koffi-binding.js';
import {
  CARD_STATE,
  cardCommandRequest,
  type PssResponse,
  parsePssResponse,
  planTpdu,
  powerOffRequest,
  powerOnRequest,
} from './pss.js';
import { type OpenedSession, openSession, resourceNames } from './session-open.js';

export interface GalssTransportOptions extends LibraryOptions {
  /** The GALSS resource (LAD name or alias). Default `Vitale`. */
  readonly resource?: string;
  /** Names tried when GALSS does not know `resource`. Default: the conventional alias (`Vitale` ↔ `TRANSPA2`, `CPS` ↔ `TRANSPA1`). */
  readonly aliases?: readonly string[];
  /** The application name given to GALSS (≤ 16 characters). Default `OpenVitale`. */
  readonly appName?: string;
  /** `maxSeconds` of every `Echange`: how long GALSS itself waits for the terminal. Default 30. */
  readonly exchangeSeconds?: number;
  /** Pause between two `DebutExclusivite` while another application holds the LAD. Default 100 ms. */
  readonly exclusivityRetryMs?: number;
  /** Bound on that wait when `session()` gets no signal. Default 25 000 ms, as a vendor client waits. */
  readonly exclusivityTimeoutMs?: number;
  /** Bound on the power-off and `FermerSession` of `close()`. Default 5 000 ms. */
  readonly closeTimeoutMs?: number;
  /** A binding to use instead of loading the vendor library (tests, other FFI). */
  readonly binding?: GalssBinding;
  readonly signal?: AbortSignal;
}

/** Room for 256 data bytes, SW1 SW2 and the three PSS bytes, with margin. */
const RESPONSE_CAPACITY = 1024;

/**
 * Opens a GALSS session on a resource and powers its card: the transport is
 * ready to transmit. `NO_CARD` when the terminal holds none; every GALSS
 * status and terminal CR becomes a `TransportError` with the native code kept.
 */
export async function openGalssTransport(options: GalssTransportOptions = {}): Promise<GalssTransport> {
  throwIfAborted(options.signal);
  const binding = options.binding ?? (await loadGalssBinding(options));
  const names = resourceNames(options.resource ?? DEFAULT_RESOURCE, options.aliases);
  const opened = await openSession(binding, options.appName ?? 'OpenVitale', names, options.signal);
  const transport = new GalssTransport(binding, opened, options);
  try {
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
  readonly #binding: GalssBinding;
  readonly #session: number;
  readonly #options: GalssTransportOptions;
  readonly #gate = new SessionGate();
  readonly #listeners = new Listeners<TransportEvent>();
  #atr: Uint8Array = new Uint8Array(0);
  #counter = 0;
  #exclusivity: number | undefined;
  #closing: Promise<void> | undefined;

  /** @internal use `openGalssTransport` */
  constructor(binding: GalssBinding, opened: OpenedSession, options: GalssTransportOptions) {
    this.#binding = binding;
    this.#session = opened.session;
    this.lad = opened.lad;
    this.reader = opened.resource;
    this.#options = options;
  }

  get atr(): Uint8Array {
    return this.#atr;
  }

  /** The terminal's counter as last seen: it changes when a card is inserted. */
  get counter(): number {
    return this.#counter;
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

  session<T>(work: (channel: ApduChannel) => Promise<T>, options: SessionOptions = {}): Promise<T> {
    this.#checkOpen();
    const channel: ApduChannel = { transmit: (command, o) => this.transmit(command, o) };
    return this.#gate.run(
      () => this.#acquire(options.signal),
      () => this.#release(),
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

  /** Powers the card off, leaving it in the terminal (`00 LAD 15 01`), and ends the GALSS session. */
  close(): Promise<void> {
    this.#closing ??= this.#shutDown();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #shutDown(): Promise<void> {
    using bound = deadline(this.#options.closeTimeoutMs ?? 5000, undefined, 'Closing the GALSS session');
    await this.#exchange(powerOffRequest(this.lad), bound.signal).catch(() => {});
    await raceAbort(this.#binding.closeSession(this.#session), bound.signal).catch(() => {});
  }

  #checkOpen(): void {
    if (this.#closing)
      throw new TransportError('CLOSED', `The GALSS transport on "${this.reader}" is closed`);
  }

  /** One `Echange`; a hung vendor call is given up when `signal` aborts. */
  async #exchange(request: Uint8Array, signal: AbortSignal | undefined): Promise<PssResponse> {
    throwIfAborted(signal);
    const seconds = this.#options.exchangeSeconds ?? 30;
    const result = await raceAbort(
      this.#binding.exchange(this.#session, seconds, request, RESPONSE_CAPACITY),
      signal,
    );
    if (result.status !== 0) throw galssError(result.status, `Echange with "${this.reader}"`);
    return parsePssResponse(result.response);
  }

  /** `DebutExclusivite` at LAD level, again every `exclusivityRetryMs` while another application holds it. */
  async #acquire(signal: AbortSignal | undefined): Promise<void> {
    using bound = deadline(
      signal ? Number.POSITIVE_INFINITY : (this.#options.exclusivityTimeoutMs ?? 25_000),
      signal,
      'Waiting for GALSS exclusivity',
    );
    let holder: { holderApp: string; holderResource: string } | undefined;
    try {
      for (;;) {
        const pending = this.#binding.beginExclusivity(`${this.#session}:3`);
        const result = await raceAbort(pending, bound.signal).catch((error: unknown) => {
          // Granted after the caller gave up: give it back.
          void pending.then(
            (r) => (r.status === 0 ? this.#binding.endExclusivity(r.exclusivity) : undefined),
            () => {},
          );
          throw error;
        });
        if (result.status === 0) {
          this.#exclusivity = result.exclusivity;
          return;
        }
        if (result.status !== G_ERREXCL)
          throw galssError(result.status, `DebutExclusivite on "${this.reader}"`);
        holder = result;
        await sleep(this.#options.exclusivityRetryMs ?? 100, bound.signal);
      }
    } catch (error) {
      const reason = bound.signal.aborted ? abortReason(bound.signal) : undefined;
      if (holder && reason?.code === 'TIMEOUT') {
        const who = holder.holderApp ? `"${holder.holderApp}"` : 'another application';
        throw new TransportError('SHARING_VIOLATION', `${who} holds "${this.reader}" exclusively`, {
          nativeCode: 'GALSS 0004',
          cause: reason,
        });
      }
      throw error;
    }
  }

  async #release(): Promise<void> {
    const exclusivity = this.#exclusivity;
    this.#exclusivity = undefined;
    if (exclusivity === undefined) return;
    using bound = deadline(this.#options.closeTimeoutMs ?? 5000, undefined, 'FinExclusivite');
    const result = await raceAbort(this.#binding.endExclusivity(exclusivity), bound.signal);
    if (result.status !== 0) throw galssError(result.status, `FinExclusivite on "${this.reader}"`);
  }
}

function removed(answer: PssResponse): TransportError {
  return new TransportError('CARD_REMOVED', 'The card was swapped or removed (terminal counter changed)', {
    nativeCode: `CR 16`,
    cause: { cardState: answer.cardState, counter: answer.counter },
  });
}
