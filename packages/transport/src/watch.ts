import { TransportError } from './errors.js';
import { equalBytes } from './hex.js';
import type { ReaderEvent, ReaderState } from './transport.js';

/**
 * The events that take a watcher from `before` to `after`, in the contract's
 * order: removals first (`card-removed` before `reader-removed`), then
 * additions (`reader-added` before `card-inserted`). A card whose ATR changed
 * was swapped: removed, then inserted.
 */
export function readerEvents(before: readonly ReaderState[], after: readonly ReaderState[]): ReaderEvent[] {
  const events: ReaderEvent[] = [];
  const next = new Map(after.map((r) => [r.name, r]));
  const prev = new Map(before.map((r) => [r.name, r]));
  for (const old of before) {
    const now = next.get(old.name);
    const cardGone = old.card && (!now?.card || !equalBytes(old.card.atr, now.card.atr));
    if (cardGone) events.push({ type: 'card-removed', reader: old.name });
    if (!now) events.push({ type: 'reader-removed', reader: old.name });
  }
  for (const now of after) {
    const old = prev.get(now.name);
    if (!old) {
      const aliases = now.aliases?.length ? { aliases: now.aliases } : {};
      events.push({ type: 'reader-added', reader: now.name, ...aliases });
    }
    const cardNew = now.card && (!old?.card || !equalBytes(old.card.atr, now.card.atr));
    if (cardNew && now.card) events.push({ type: 'card-inserted', reader: now.name, atr: now.card.atr });
  }
  return events;
}

/**
 * A push-to-pull queue behind `watch()`: producers `push` events, the
 * consumer iterates them one at a time. Iteration ends on `end()` or when
 * `signal` aborts (aborting ends a watch, it is not an error), and throws
 * what `fail()` was given once the queued events are consumed.
 */
export class EventQueue<T> implements AsyncIterable<T> {
  readonly #items: T[] = [];
  #waiting: ((result: IteratorResult<T>) => void) | undefined;
  #failWaiting: ((error: unknown) => void) | undefined;
  #done = false;
  #error: unknown;
  readonly #onClose: () => void;

  constructor(signal?: AbortSignal, onClose: () => void = () => {}) {
    this.#onClose = onClose;
    // An abort is the consumer saying stop: what is still queued is dropped.
    const stop = () => {
      this.#items.length = 0;
      this.end();
    };
    if (signal?.aborted) {
      // Closed from the start; `onClose` may name this queue, so it runs once the constructor has returned.
      this.#done = true;
      queueMicrotask(onClose);
    } else signal?.addEventListener('abort', stop, { once: true });
  }

  push(item: T): void {
    if (this.#done) return;
    if (this.#waiting) {
      const resolve = this.#waiting;
      this.#clearWaiter();
      resolve({ value: item, done: false });
    } else {
      this.#items.push(item);
    }
  }

  end(): void {
    this.#finish(undefined);
  }

  fail(error: unknown): void {
    this.#finish(error ?? new TransportError('PROTOCOL', 'The watch failed without saying why'));
  }

  get closed(): boolean {
    return this.#done;
  }

  #finish(error: unknown): void {
    if (this.#done) return;
    this.#done = true;
    this.#error = error;
    this.#onClose();
    if (this.#waiting) {
      const resolve = this.#waiting;
      const reject = this.#failWaiting!;
      this.#clearWaiter();
      if (error !== undefined) reject(error);
      else resolve({ value: undefined, done: true });
    }
  }

  #clearWaiter(): void {
    this.#waiting = undefined;
    this.#failWaiting = undefined;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        const item = this.#items.shift();
        if (item !== undefined) return Promise.resolve({ value: item, done: false });
        if (this.#done) {
          if (this.#error !== undefined) return Promise.reject(this.#error);
          return Promise.resolve({ value: undefined, done: true });
        }
        return new Promise<IteratorResult<T>>((resolve, reject) => {
          this.#waiting = resolve;
          this.#failWaiting = reject;
        });
      },
      return: () => {
        this.end();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
