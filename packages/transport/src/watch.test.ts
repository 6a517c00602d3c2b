import { describe, expect, it } from 'vitest';
import { fromHex } from './hex.js';
import type { ReaderState } from './transport.js';
import { EventQueue, readerEvents } from './watch.js';

const card = (hex: string) => ({ atr: fromHex(hex) });

describe('readerEvents', () => {
  it('reports the current state from nothing: reader, then its card', () => {
    const now: ReaderState[] = [
      { name: 'A', card: card('3B00') },
      { name: 'B', card: null },
    ];
    expect(readerEvents([], now).map((e) => `${e.type} ${e.reader}`)).toEqual([
      'reader-added A',
      'card-inserted A',
      'reader-added B',
    ]);
  });

  it("gives a new reader's aliases with it, when it has some", () => {
    const events = readerEvents(
      [],
      [
        { name: 'LECTVIT', aliases: ['TRANSPA2'], card: null },
        { name: 'B', aliases: [], card: null },
      ],
    );
    expect(events).toEqual([
      { type: 'reader-added', reader: 'LECTVIT', aliases: ['TRANSPA2'] },
      { type: 'reader-added', reader: 'B' },
    ]);
  });

  it('reports card-removed before reader-removed', () => {
    const events = readerEvents([{ name: 'A', card: card('3B00') }], []);
    expect(events.map((e) => e.type)).toEqual(['card-removed', 'reader-removed']);
  });

  it('reports a swapped card (another ATR) as removed then inserted', () => {
    const events = readerEvents([{ name: 'A', card: card('3B00') }], [{ name: 'A', card: card('3F00') }]);
    expect(events.map((e) => e.type)).toEqual(['card-removed', 'card-inserted']);
  });

  it('reports nothing when nothing changed', () => {
    const state = [{ name: 'A', card: card('3B00') }];
    expect(readerEvents(state, [{ name: 'A', card: card('3B00') }])).toEqual([]);
  });
});

describe('EventQueue', () => {
  it('delivers pushed events in order, one at a time, then ends', async () => {
    const queue = new EventQueue<number>();
    queue.push(1);
    queue.push(2);
    setTimeout(() => {
      queue.push(3);
      queue.end();
    }, 1);
    const seen: number[] = [];
    for await (const n of queue) seen.push(n);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('ends when its signal aborts, and drops what is pushed after', async () => {
    const controller = new AbortController();
    const queue = new EventQueue<number>(controller.signal);
    const iterator = queue[Symbol.asyncIterator]();
    const next = iterator.next();
    controller.abort();
    await expect(next).resolves.toEqual({ value: undefined, done: true });
    queue.push(1);
    await expect(iterator.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('drops what is still queued when its signal aborts', async () => {
    const controller = new AbortController();
    const queue = new EventQueue<number>(controller.signal);
    queue.push(1);
    queue.push(2);
    controller.abort();
    const seen: number[] = [];
    for await (const n of queue) seen.push(n);
    expect(seen).toEqual([]);
  });

  it('throws the failure once queued events are consumed', async () => {
    const queue = new EventQueue<number>();
    queue.push(1);
    queue.fail(new Error('service gone'));
    const iterator = queue[Symbol.asyncIterator]();
    await expect(iterator.next()).resolves.toEqual({ value: 1, done: false });
    await expect(iterator.next()).rejects.toThrow('service gone');
  });

  it('calls its close hook once when the consumer stops early', async () => {
    let closed = 0;
    const queue = new EventQueue<number>(undefined, () => closed++);
    queue.push(1);
    for await (const _ of queue) break;
    queue.end();
    expect(closed).toBe(1);
    expect(queue.closed).toBe(true);
  });

  it('is closed at once on a signal aborted already, and calls its close hook after construction', async () => {
    const closedQueues: EventQueue<number>[] = [];
    // The hook names the queue it closes, as a provider removing it from its watchers does.
    const queue: EventQueue<number> = new EventQueue(AbortSignal.abort(), () => closedQueues.push(queue));
    expect(queue.closed).toBe(true);
    queue.push(1);
    const seen: number[] = [];
    for await (const n of queue) seen.push(n);
    expect(seen).toEqual([]);
    expect(closedQueues).toEqual([queue]);
  });
});
