import {
  EventQueue,
  type OpenOptions,
  type ReaderEvent,
  type ReaderState,
  raceAbort,
  readerEvents,
  sleep,
  TransportError,
  type TransportProvider,
  throwIfAborted,
  type WatchOptions,
} from '@openvitale/transport';
import type { GalssBinding } from './binding.js';
import { CR_OK, galssError } from './errors.js';
import { loadGalssBinding } from './koffi-binding.js';
import { CARD_STATE, parsePssResponse, powerOffRequest, powerOnRequest, presenceRequest } from './pss.js';
import { type GalssResource, parseResourceTable } from './resources.js';
import { openSession } from './session-open.js';
import { type GalssTransport, type GalssTransportOptions, openGalssTransport } from './transport.js';

export interface GalssProviderOptions extends Omit<GalssTransportOptions, 'resource' | 'aliases' | 'signal'> {
  /** How often `watch()` runs the presence test on every resource. Default 500 ms. */
  readonly pollIntervalMs?: number;
}

/** A reader as the provider last saw it: the state, plus the terminal's counter that reveals swaps. */
export interface GalssReaderProbe extends ReaderState {
  readonly counter: number;
}

/**
 * GALSS resources as readers: listed through the info library, watched by
 * polling the PSS presence test, opened by resource name.
 */
export class GalssTransportProvider implements TransportProvider {
  readonly kind = 'galss';
  readonly #options: GalssProviderOptions;
  #binding: GalssBinding | undefined;
  /** ATRs by resource, valid while the terminal's counter stays the same. */
  readonly #atrs = new Map<string, { counter: number; atr: Uint8Array }>();

  constructor(options: GalssProviderOptions = {}) {
    this.#options = options;
  }

  /** Every resource GALSS declares (`DonneTableRessources`), aliases merged. */
  async resources(options: OpenOptions = {}): Promise<GalssResource[]> {
    const binding = await this.#load();
    const result = await raceAbort(binding.resourceTable(), options.signal);
    if (result.status !== 0) throw galssError(result.status, 'DonneTableRessources');
    return parseResourceTable(result.table);
  }

  async listReaders(options: OpenOptions = {}): Promise<ReaderState[]> {
    return (await this.probe(options)).map(({ name, card }) => ({ name, card }));
  }

  /** One presence test per card resource (LAD 0, the terminal's own application, is no card slot). */
  async probe(
    options: OpenOptions = {},
    previous: readonly GalssReaderProbe[] = [],
  ): Promise<GalssReaderProbe[]> {
    const resources = (await this.resources(options)).filter((r) => r.lad !== 0);
    const probes: GalssReaderProbe[] = [];
    for (const resource of resources) {
      throwIfAborted(options.signal);
      try {
        probes.push(await this.#probeOne(resource.name, options.signal));
      } catch (error) {
        if (!TransportError.isInstance(error) || isFatal(error)) throw error;
        // Held by another application, or a transient failure: keep what was last seen.
        probes.push(
          previous.find((p) => p.name === resource.name) ?? { name: resource.name, card: null, counter: -1 },
        );
      }
    }
    return probes;
  }

  async open(reader: string, options: OpenOptions = {}): Promise<GalssTransport> {
    const binding = await this.#load();
    return openGalssTransport({ ...this.#options, binding, resource: reader, ...options });
  }

  watch(options: WatchOptions = {}): AsyncIterable<ReaderEvent> {
    const stop = new AbortController();
    const queue = new EventQueue<ReaderEvent>(options.signal, () => stop.abort());
    const interval = this.#options.pollIntervalMs ?? 500;
    void (async () => {
      let before: GalssReaderProbe[] = [];
      try {
        for (;;) {
          const after = await this.probe({ signal: stop.signal }, before);
          for (const event of galssReaderEvents(before, after)) queue.push(event);
          before = after;
          await sleep(interval, stop.signal);
        }
      } catch (error) {
        if (stop.signal.aborted) queue.end();
        else queue.fail(error);
      }
    })();
    return queue;
  }

  async #load(): Promise<GalssBinding> {
    this.#binding ??= this.#options.binding ?? (await loadGalssBinding(this.#options));
    return this.#binding;
  }

  async #probeOne(name: string, signal: AbortSignal | undefined): Promise<GalssReaderProbe> {
    const binding = await this.#load();
    const app = `${(this.#options.appName ?? 'OpenVitale').slice(0, 12)}_W`;
    const opened = await openSession(binding, app, [name], signal);
    const exchange = async (request: Uint8Array) => {
      const result = await raceAbort(binding.exchange(opened.session, 5, request, 1024), signal);
      if (result.status !== 0) throw galssError(result.status, `Echange with "${name}"`);
      return parsePssResponse(result.response);
    };
    try {
      const presence = await exchange(presenceRequest(opened.lad));
      if (presence.cr !== CR_OK || presence.cardState === CARD_STATE.absent || presence.cardState < 0) {
        this.#atrs.delete(name);
        return { name, card: null, counter: presence.counter };
      }
      const known = this.#atrs.get(name);
      if (known?.counter === presence.counter)
        return { name, card: { atr: known.atr }, counter: presence.counter };
      // A card not seen before: power it up once for its ATR, and leave it as it was found.
      const powered = await exchange(powerOnRequest(opened.lad));
      if (presence.cardState === CARD_STATE.unpowered) await exchange(powerOffRequest(opened.lad));
      const atr = powered.cr === CR_OK ? powered.data : new Uint8Array(0);
      this.#atrs.set(name, { counter: presence.counter, atr });
      return { name, card: { atr }, counter: presence.counter };
    } finally {
      await binding.closeSession(opened.session).catch(() => {});
    }
  }
}

/** Errors that end a watch: nothing to poll. */
function isFatal(error: TransportError): boolean {
  return error.code === 'SERVICE_UNAVAILABLE' || error.code === 'LIBRARY_MISSING' || error.code === 'ABORTED';
}

/**
 * `readerEvents`, plus swaps the ATR cannot show (two cards of one model):
 * a changed counter under a present card is a removal then an insertion.
 */
export function galssReaderEvents(
  before: readonly GalssReaderProbe[],
  after: readonly GalssReaderProbe[],
): ReaderEvent[] {
  const swapped = new Set(
    after
      .filter((now) => {
        const old = before.find((b) => b.name === now.name);
        return old?.card && now.card && old.counter !== now.counter;
      })
      .map((now) => now.name),
  );
  const middle = before.map((b) => (swapped.has(b.name) ? { ...b, card: null } : b));
  return [...readerEvents(before, middle), ...readerEvents(middle, after)];
}
