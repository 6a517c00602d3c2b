import {
  type ApduChannel,
  type ApduTransport,
  anySignal,
  EventQueue,
  Listeners,
  type OpenOptions,
  type ReaderEvent,
  type ReaderState,
  readerEvents,
  SessionGate,
  sleep,
  TRANSPORT_SPECIFICATION_VERSION,
  type TransmitOptions,
  TransportError,
  type TransportEvent,
  type TransportProvider,
  throwIfAborted,
  type WatchOptions,
} from '@openvitale/transport';
import type { VirtualCard } from '../card.js';
import { createCard } from '../cards/create.js';
import type { CardProfile } from '../profile.js';
import { CardRunner, type RunnerOptions } from '../runner.js';

export interface VirtualProviderOptions {
  /** Reader names, in order. Default: one reader, `Virtual Reader 0`. */
  readonly readers?: readonly string[];
  /** How long a transmit waits for a mute card before `CARD_MUTE`. Default 1000 ms. */
  readonly muteTimeoutMs?: number;
}

export interface Insertion {
  readonly runner: CardRunner;
  /** Aborts, with `CARD_REMOVED`, when the card leaves. */
  readonly removed: AbortController;
}

/**
 * Virtual readers in this process: insert and remove cards from code, open
 * transports on them, watch them. Loads no native code.
 */
export class VirtualTransportProvider implements TransportProvider {
  readonly kind = 'virtual';
  readonly muteTimeoutMs: number;
  readonly #slots = new Map<string, Insertion | null>();
  readonly #watchers = new Set<EventQueue<ReaderEvent>>();

  constructor(options: VirtualProviderOptions = {}) {
    this.muteTimeoutMs = options.muteTimeoutMs ?? 1000;
    for (const name of options.readers ?? ['Virtual Reader 0']) this.#slots.set(name, null);
  }

  /** Inserts a card (a profile, a built card, or a runner with its faults) and returns its runner. */
  insert(
    reader: string,
    card: CardProfile | VirtualCard | CardRunner,
    options: RunnerOptions = {},
  ): CardRunner {
    if (!this.#slots.has(reader)) throw new TransportError('NO_READER', `No reader named "${reader}"`);
    if (this.#slots.get(reader))
      throw new TransportError('BUSY', `Reader "${reader}" already holds a card`, {
        action: 'remove it first (remove(reader))',
      });
    const runner =
      card instanceof CardRunner
        ? card
        : new CardRunner('process' in card ? card : createCard(card), options);
    this.#change(() => this.#slots.set(reader, { runner, removed: new AbortController() }));
    return runner;
  }

  /** Takes the card out (no-op on an empty reader). */
  remove(reader: string): void {
    const insertion = this.#slots.get(reader);
    if (!insertion) return;
    this.#change(() => this.#slots.set(reader, null));
    insertion.removed.abort(new TransportError('CARD_REMOVED', `The card was removed from "${reader}"`));
  }

  addReader(reader: string): void {
    if (this.#slots.has(reader)) return;
    this.#change(() => this.#slots.set(reader, null));
  }

  removeReader(reader: string): void {
    if (!this.#slots.has(reader)) return;
    this.remove(reader);
    this.#change(() => this.#slots.delete(reader));
  }

  /** The runner of the card in `reader`, if any: its log, APDU count, refused commands. */
  runner(reader: string): CardRunner | undefined {
    return this.#slots.get(reader)?.runner;
  }

  async listReaders(options: OpenOptions = {}): Promise<ReaderState[]> {
    throwIfAborted(options.signal);
    return this.#snapshot();
  }

  async open(reader: string, options: OpenOptions = {}): Promise<VirtualTransport> {
    throwIfAborted(options.signal);
    if (!this.#slots.has(reader)) throw new TransportError('NO_READER', `No reader named "${reader}"`);
    const insertion = this.#slots.get(reader);
    if (!insertion) throw new TransportError('NO_CARD', `No card in "${reader}"`);
    return new VirtualTransport(this, reader, insertion);
  }

  watch(options: WatchOptions = {}): AsyncIterable<ReaderEvent> {
    const queue: EventQueue<ReaderEvent> = new EventQueue(options.signal, () => this.#watchers.delete(queue));
    for (const event of readerEvents([], this.#snapshot())) queue.push(event);
    if (!queue.closed) this.#watchers.add(queue);
    return queue;
  }

  /** @internal the insertion currently in `reader`, to tell a transport its card is gone. */
  insertion(reader: string): Insertion | null | undefined {
    return this.#slots.get(reader);
  }

  #snapshot(): ReaderState[] {
    return [...this.#slots].map(([name, insertion]) => ({
      name,
      card: insertion ? { atr: insertion.runner.atr } : null,
    }));
  }

  #change(apply: () => void): void {
    const before = this.#snapshot();
    apply();
    const events = readerEvents(before, this.#snapshot());
    for (const queue of this.#watchers) for (const event of events) queue.push(event);
  }
}

/** A connection to one card in a virtual reader, bound to that insertion (like a PC/SC handle). */
export class VirtualTransport implements ApduTransport {
  readonly specificationVersion = TRANSPORT_SPECIFICATION_VERSION;
  readonly kind = 'virtual';
  readonly reader: string;
  readonly runner: CardRunner;
  readonly #provider: VirtualTransportProvider;
  readonly #insertion: Insertion;
  readonly #gate = new SessionGate();
  readonly #listeners = new Listeners<TransportEvent>();
  #atr: Uint8Array;
  #closed = false;

  constructor(provider: VirtualTransportProvider, reader: string, insertion: Insertion) {
    this.#provider = provider;
    this.reader = reader;
    this.#insertion = insertion;
    this.runner = insertion.runner;
    this.#atr = insertion.runner.reset();
  }

  get atr(): Uint8Array {
    return this.#atr;
  }

  async transmit(command: Uint8Array, options: TransmitOptions = {}): Promise<Uint8Array> {
    const started = performance.now();
    const removed = this.#insertion.removed.signal;
    using either = anySignal(options.signal ? [options.signal, removed] : [removed]);
    try {
      this.#check(options.signal);
      const signal = either.signal;
      const result = await this.runner.exchange(command, signal);
      if (result.kind === 'removed') {
        this.#provider.remove(this.reader);
        throw new TransportError('CARD_REMOVED', `The card was removed from "${this.reader}"`);
      }
      if (result.kind === 'mute') {
        await sleep(this.#provider.muteTimeoutMs, signal);
        throw new TransportError(
          'CARD_MUTE',
          `The card did not answer within ${this.#provider.muteTimeoutMs} ms`,
        );
      }
      this.#check(undefined);
      if (result.removeAfter) this.#provider.remove(this.reader);
      const durationMs = performance.now() - started;
      this.#listeners.emit({ type: 'exchange', command, response: result.response, durationMs });
      return result.response.slice();
    } catch (error) {
      const failure = TransportError.isInstance(error)
        ? error
        : new TransportError('PROTOCOL', 'The virtual card failed', { cause: error });
      this.#listeners.emit({
        type: 'exchange-error',
        command,
        error: failure,
        durationMs: performance.now() - started,
      });
      throw failure;
    }
  }

  async reset(options: TransmitOptions = {}): Promise<Uint8Array> {
    this.#check(options.signal);
    this.#atr = this.runner.reset();
    this.#listeners.emit({ type: 'reset', atr: this.#atr });
    return this.#atr.slice();
  }

  session<T>(work: (channel: ApduChannel) => Promise<T>, options: { signal?: AbortSignal } = {}): Promise<T> {
    this.#check(options.signal);
    return this.#gate.run(
      async () => {},
      async () => {},
      () => work(this),
    );
  }

  onEvent(listener: (event: TransportEvent) => void): () => void {
    return this.#listeners.add(listener);
  }

  /** Resets the card if it is still there, so the next user finds it clean. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#provider.insertion(this.reader) === this.#insertion) this.runner.reset();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #check(signal: AbortSignal | undefined): void {
    if (this.#closed) throw new TransportError('CLOSED', 'The virtual transport is closed');
    throwIfAborted(signal);
    if (this.#provider.insertion(this.reader) !== this.#insertion) {
      throw new TransportError('CARD_REMOVED', `The card was removed from "${this.reader}"`);
    }
  }
}

/** One virtual reader with `card` in it, opened: the shortest way to a transport (the CLI's demo read). */
export async function openVirtualCard(
  card: CardProfile | VirtualCard | CardRunner,
  options: RunnerOptions & VirtualProviderOptions & { readonly reader?: string } = {},
): Promise<VirtualTransport> {
  const reader = options.reader ?? 'Virtual Reader 0';
  const provider = new VirtualTransportProvider({ ...options, readers: [reader] });
  provider.insert(reader, card, options);
  return provider.open(reader);
}
