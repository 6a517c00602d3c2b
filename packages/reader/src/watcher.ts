import type { ReaderEvent, TransportProvider } from '@openvitale/transport';
import { checkSelector, chooseReader } from './choose.js';
import { checkOptions } from './config.js';
import { type ReadError, readErrorFrom } from './errors.js';
import type { CardRead, ReadOptions, ReadScope } from './read.js';
import { readReader } from './wait.js';

/** What a card watcher reports: the provider's events, then a result or an error per card read. */
export type CardWatchEvent =
  | ReaderEvent
  | { readonly type: 'read-result'; readonly reader: string; readonly read: CardRead }
  | { readonly type: 'read-error'; readonly reader: string; readonly error: ReadError };

export interface WatchCardsOptions extends Omit<ReadOptions, 'signal'> {
  /** `identification` (default) or `full`. */
  readonly scope?: ReadScope;
  /** Only cards in readers this selector accepts are read (`auto`: any Vitale card). Default `auto`. */
  readonly reader?: string;
  /** Ends the watch. */
  readonly signal?: AbortSignal;
}

const WATCH_OPTIONS = ['scope', 'reader', 'signal', 'timeoutMs', 'retries', 'strict'] as const;

/**
 * Reads each card as it is inserted and reports it, one event at a time,
 * for as long as `signal` lets it run (weeks: it holds no timer and keeps
 * nothing from one card to the next). A failed read is an event, not the
 * end of the watch; a `reader` that names no reader, or several, fails it
 * at once (`NO_READER`), before any event.
 */
export function watchCards(
  provider: TransportProvider,
  options: WatchCardsOptions = {},
): AsyncIterable<CardWatchEvent> {
  checkOptions(options, WATCH_OPTIONS, 'watchCards');
  const { scope = 'identification', reader: selector = 'auto', signal, ...readOptions } = options;
  return {
    async *[Symbol.asyncIterator]() {
      try {
        checkSelector(await provider.listReaders(signal ? { signal } : {}), selector);
      } catch (error) {
        throw readErrorFrom(error, 'choose-reader');
      }
      // The readers' aliases, so that a selector may name one by its alias.
      const aliases = new Map<string, readonly string[]>();
      for await (const event of provider.watch(signal ? { signal } : {})) {
        yield event;
        if (event.type === 'reader-added' && event.aliases) aliases.set(event.reader, event.aliases);
        if (event.type !== 'card-inserted') continue;
        const inserted = {
          name: event.reader,
          aliases: aliases.get(event.reader) ?? [],
          card: { atr: event.atr },
        };
        const choice = chooseReader([inserted], selector);
        if (choice.reader === null) continue;
        try {
          const read = await readReader(provider, event.reader, scope, {
            ...readOptions,
            ...(signal ? { signal } : {}),
          });
          yield { type: 'read-result', reader: event.reader, read };
        } catch (error) {
          if (signal?.aborted) return;
          yield {
            type: 'read-error',
            reader: event.reader,
            error: readErrorFrom(error, 'connect', event.reader),
          };
        }
      }
    },
  };
}
