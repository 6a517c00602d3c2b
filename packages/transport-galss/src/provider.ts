import {
  anySignal,
  deadline,
  EventQueue,
  matchName,
  type OpenOptions,
  quote,
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
import { DEFAULT_RESOURCE } from './constants.js';
import { CR_OK, galssError } from './errors.js';
import { loadGalssBinding } from './koffi-binding.js';
import { CARD_STATE, powerOffRequest, powerOnRequest, presenceRequest } from './pss.js';
import { type GalssResource, parseResourceTable } from './resources.js';
import { GalssSession } from './session.js';
import { resourceNames } from './session-open.js';
import {
  DEFAULT_CLOSE_TIMEOUT_MS,
  type GalssTransport,
  type GalssTransportOptions,
  openGalssTransport,
} from './transport.js';

export interface GalssProviderOptions extends Omit<GalssTransportOptions, 'resource' | 'aliases' | 'signal'> {
  /** How often `watch()` runs the presence test on every resource. Default 500 ms. */
  readonly pollIntervalMs?: number;
  /**
   * The one resource to list and watch, when the caller names the reader it
   * will read: a LAD name or alias, exact or a unique part (`matchName`).
   * A name that matches no resource is `NO_READER` at once, several are
   * `NO_READER` listing them. Without the info library it is opened by the
   * exact name given (GALSS resolves aliases itself), so that library is
   * then optional. `auto` or absent: every resource.
   */
  readonly resource?: string;
}

/** A reader as the provider last saw it: the state, plus the terminal's counter that reveals swaps. */
export interface GalssReaderProbe extends ReaderState {
  readonly counter: number;
}

/** A resource to probe; `direct` when it is a name given without the info library's table. */
interface Target {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly direct?: boolean;
}

/** `maxSeconds` cap of a probe's exchanges: a presence test answers at once. */
const PROBE_SECONDS = 5;

/**
 * GALSS resources as readers: listed through the info library, watched by
 * polling, opened by resource name. Each poll of a resource takes its
 * exclusivity first (docs/domain/official-api.md §2.3) and gives it back: a
 * resource another application holds is reported held (`heldBy`), never
 * empty, and is not touched.
 */
export class GalssTransportProvider implements TransportProvider {
  readonly kind = 'galss';
  readonly #options: GalssProviderOptions;
  #binding: GalssBinding | undefined;
  /** ATRs by resource, valid while the terminal's counter stays the same. */
  readonly #atrs = new Map<string, { counter: number; atr: Uint8Array }>();
  /** Transports this provider opened: their resources are ours, not held by another application. */
  readonly #opened = new Set<GalssTransport>();

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
    return (await this.probe(options)).map(({ counter: _, ...state }) => state);
  }

  /** One look at every card resource (LAD 0, the terminal's own application, is no card slot). */
  async probe(
    options: OpenOptions = {},
    previous: readonly GalssReaderProbe[] = [],
  ): Promise<GalssReaderProbe[]> {
    const probes: GalssReaderProbe[] = [];
    for (const target of await this.#targets(options.signal)) {
      throwIfAborted(options.signal);
      const last = previous.find((p) => p.name === target.name);
      const unseen = { name: target.name, aliases: target.aliases, card: null, counter: -1 };
      if (this.#inUse(target)) {
        probes.push(last ?? unseen);
        continue;
      }
      try {
        probes.push(await this.#probeOne(target, last, options.signal));
      } catch (error) {
        const unknown = target.direct && TransportError.isInstance(error) && error.code === 'NO_READER';
        if (!TransportError.isInstance(error) || isFatal(error) || unknown || options.signal?.aborted)
          throw error;
        // A transient failure: keep what was last seen.
        probes.push(last ?? unseen);
      }
    }
    return probes;
  }

  async open(reader: string, options: OpenOptions = {}): Promise<GalssTransport> {
    const binding = await this.#load();
    const transport = await openGalssTransport({ ...this.#options, binding, resource: reader, ...options });
    for (const t of this.#opened) if (t.closed) this.#opened.delete(t);
    this.#opened.add(transport);
    return transport;
  }

  /**
   * Opens and closes a session on `resource` (default `Vitale`, else its
   * conventional alias), nothing sent to the terminal: whether the GALSS
   * server answers. Resolves with the name that opened; `SERVICE_UNAVAILABLE`
   * (`8002`) when the server is not started, `NO_READER` (`2000`) when it
   * answers but knows no such resource.
   */
  async ping(resource = DEFAULT_RESOURCE, options: OpenOptions = {}): Promise<string> {
    const session = await GalssSession.open(
      await this.#load(),
      this.#pollApp(),
      resourceNames(resource),
      options.signal,
    );
    await this.#close(session);
    return session.resource;
  }

  watch(options: WatchOptions = {}): AsyncIterable<ReaderEvent> {
    const stop = new AbortController();
    const queue = new EventQueue<ReaderEvent>(options.signal, () => stop.abort());
    const interval = this.#options.pollIntervalMs ?? 500;
    void (async () => {
      // The caller's signal too, so that each poll's exchanges get the time left before its deadline.
      using polling = anySignal(options.signal ? [stop.signal, options.signal] : [stop.signal]);
      let before: GalssReaderProbe[] = [];
      try {
        for (;;) {
          const after = await this.probe({ signal: polling.signal }, before);
          for (const event of galssReaderEvents(before, after)) queue.push(event);
          before = after;
          await sleep(interval, polling.signal);
        }
      } catch (error) {
        if (polling.signal.aborted) queue.end();
        else queue.fail(error);
      }
    })();
    return queue;
  }

  async #load(): Promise<GalssBinding> {
    this.#binding ??= this.#options.binding ?? (await loadGalssBinding(this.#options));
    return this.#binding;
  }

  #pollApp(): string {
    return `${(this.#options.appName ?? 'OpenVitale').slice(0, 12)}_W`;
  }

  /** The resources to look at: every card resource, or the one the caller named. */
  async #targets(signal: AbortSignal | undefined): Promise<readonly Target[]> {
    const selector = this.#options.resource;
    const named = selector !== undefined && selector !== 'auto';
    let table: GalssResource[];
    try {
      table = (await this.resources(signal ? { signal } : {})).filter((r) => r.lad !== 0);
    } catch (error) {
      // No info library: a named resource can still be opened by its name.
      if (named && TransportError.isInstance(error) && error.code === 'LIBRARY_MISSING') {
        return [{ name: selector, aliases: [], direct: true }];
      }
      throw error;
    }
    if (!named) return table;
    const found = matchName(table, selector);
    if (found.length === 1) return found;
    const known = table.map((r) => [r.name, ...r.aliases].join(' or ')).join(', ');
    throw new TransportError(
      'NO_READER',
      found.length === 0
        ? `No GALSS resource is named ${quote(selector)} (GALSS has ${known || 'none'})`
        : `${quote(selector)} names several GALSS resources (${found.map((r) => r.name).join(', ')})`,
      found.length === 0
        ? { nativeCode: 'GALSS 2000', action: 'name one of them' }
        : { action: 'give more of the name' },
    );
  }

  #inUse(target: Target): boolean {
    const names = [target.name, ...target.aliases].map((n) => n.toLowerCase());
    return [...this.#opened].some((t) => !t.closed && names.includes(t.reader.toLowerCase()));
  }

  async #probeOne(
    target: Target,
    last: GalssReaderProbe | undefined,
    signal: AbortSignal | undefined,
  ): Promise<GalssReaderProbe> {
    const { name, aliases } = target;
    const session = await GalssSession.open(await this.#load(), this.#pollApp(), [name], signal);
    const exchange = (request: Uint8Array) =>
      session.exchange(request, signal, PROBE_SECONDS, `Echange with "${name}"`);
    try {
      const holder = await session.tryExclusivity(signal);
      if (holder) {
        return {
          name,
          aliases,
          card: last?.card ?? null,
          counter: last?.counter ?? -1,
          heldBy: holder.holderApp,
        };
      }
      const presence = await exchange(presenceRequest(session.lad));
      if (presence.cr !== CR_OK || presence.cardState === CARD_STATE.absent || presence.cardState < 0) {
        this.#atrs.delete(name);
        return { name, aliases, card: null, counter: presence.counter };
      }
      const known = this.#atrs.get(name);
      if (known?.counter === presence.counter) {
        return { name, aliases, card: { atr: known.atr }, counter: presence.counter };
      }
      // A card not seen before: power it up once for its ATR, and leave it as it was found.
      const powered = await exchange(powerOnRequest(session.lad));
      if (presence.cardState === CARD_STATE.unpowered) await exchange(powerOffRequest(session.lad));
      const atr = powered.cr === CR_OK ? powered.data : new Uint8Array(0);
      this.#atrs.set(name, { counter: presence.counter, atr });
      return { name, aliases, card: { atr }, counter: presence.counter };
    } finally {
      await this.#close(session);
    }
  }

  /** Closes a session of the provider's own, bounded by `closeTimeoutMs`; never throws. */
  async #close(session: GalssSession): Promise<void> {
    using bound = deadline(this.#options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS);
    await session.close(bound.signal);
  }
}

/** Errors that end a watch: nothing to poll. */
function isFatal(error: TransportError): boolean {
  return error.code === 'SERVICE_UNAVAILABLE' || error.code === 'LIBRARY_MISSING' || error.code === 'ABORTED';
}

/**
 * `readerEvents`, plus what only GALSS shows: swaps the ATR cannot show (two
 * cards of one model: a changed counter under a present card is a removal
 * then an insertion), and readers another application holds. A held reader
 * keeps its last seen card, so no card event comes while it is held;
 * `reader-released` comes before the card events of what changed meanwhile.
 */
export function galssReaderEvents(
  before: readonly GalssReaderProbe[],
  after: readonly GalssReaderProbe[],
): ReaderEvent[] {
  const old = (name: string) => before.find((b) => b.name === name);
  const swapped = new Set(
    after
      .filter((now) => {
        const was = old(now.name);
        return was?.card && now.card && was.counter !== now.counter;
      })
      .map((now) => now.name),
  );
  const middle = before.map((b) => (swapped.has(b.name) ? { ...b, card: null } : b));
  const released: ReaderEvent[] = after
    .filter((now) => now.heldBy === undefined && old(now.name)?.heldBy !== undefined)
    .map((now) => ({ type: 'reader-released', reader: now.name }));
  const held: ReaderEvent[] = after.flatMap((now) =>
    now.heldBy !== undefined && old(now.name)?.heldBy === undefined
      ? [{ type: 'reader-held' as const, reader: now.name, holder: now.heldBy }]
      : [],
  );
  return [...released, ...readerEvents(before, middle), ...readerEvents(middle, after), ...held];
}
