import { watchCards } from '@openvitale/reader';
import type { PcscProvider } from '@openvitale/transport-pcsc';
import { EventLog } from '../events.js';
import { run } from '../process.js';
import { type Summary, summarize } from '../stats.js';
import type { CardClient } from './card-client.js';
import { PORTS, READERS } from './vpcd.js';

export interface WatchResult {
  readonly source: string;
  /** Insertion (the card connects to vpcd) → the watcher reports the card: pcscd's presence polling. */
  readonly presence: Summary;
  /** The watcher reports the card → the read's result arrives. */
  readonly toResult: Summary;
  readonly total: Summary;
  readonly error?: string;
}

/** The card (a profile file) inserted `count` times through the card server. */
export interface WatchTarget {
  readonly cards: CardClient;
  readonly file: string;
  readonly count: number;
}

const READER = READERS[0];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Insert/remove cycles under a running watcher. A random pause before each
 * insertion samples every phase of pcscd's ~400 ms polling.
 */
async function cycles(
  source: string,
  log: EventLog,
  { cards, file, count }: WatchTarget,
): Promise<WatchResult> {
  const presence: number[] = [];
  const toResult: number[] = [];
  const total: number[] = [];
  let error: string | undefined;
  try {
    for (let i = 0; i < count; i++) {
      await pause(Math.random() * 400);
      const from = log.cursor;
      const inserted = performance.now();
      await cards.call({ op: 'insert', file, port: PORTS[0], timing: true });
      try {
        const seen = await log.next('card-inserted', READER, from, 5000);
        const result = await log.next('read-result', READER, from, 5000);
        presence.push(seen.at - inserted);
        toResult.push(result.at - seen.at);
        total.push(result.at - inserted);
      } finally {
        const before = log.cursor;
        await cards.call({ op: 'remove', port: PORTS[0] });
        await log.next('card-removed', READER, before, 5000);
      }
    }
  } catch (failure) {
    error = String(failure);
  }
  const out = {
    source,
    presence: summarize(presence),
    toResult: summarize(toResult),
    total: summarize(total),
  };
  return error === undefined ? out : { ...out, error };
}

/** `watchCards` of @openvitale/reader on the PC/SC provider. */
export async function measureWatchCards(provider: PcscProvider, target: WatchTarget): Promise<WatchResult> {
  const log = new EventLog();
  const controller = new AbortController();
  const watching = (async () => {
    for await (const event of watchCards(provider, { signal: controller.signal, reader: READER })) {
      log.push(event.type, event.reader);
    }
  })().catch(() => {});
  await log.next('reader-added', READER, 0, 5000);
  const result = await cycles('watchCards (in process)', log, target);
  controller.abort();
  await watching;
  return result;
}

/** The CLI's `openvitale watch` (NDJSON on stdout), as a separate process. */
export async function measureCliWatch(cli: string, target: WatchTarget): Promise<WatchResult> {
  const log = new EventLog();
  const controller = new AbortController();
  let pending = '';
  const child = run('node', [cli, 'watch', '--transport', 'pcsc', '--reader', READER], {
    timeoutMs: 120_000,
    signal: controller.signal,
    onStdout: (chunk, at) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        try {
          const event = JSON.parse(line) as { event?: string; reader?: string };
          if (event.event && event.reader) log.push(event.event, event.reader, at);
        } catch {
          // Not an event line.
        }
      }
    },
  });
  let result: WatchResult;
  try {
    await log.next('reader-added', READER, 0, 10_000);
    result = await cycles('openvitale watch (CLI process)', log, target);
  } catch (failure) {
    result = { source: 'openvitale watch (CLI process)', ...empty(), error: String(failure) };
  }
  controller.abort();
  const ended = await child;
  if (ended.killed)
    result = { ...result, error: `${result.error ?? ''} watch ended by ${ended.killed}`.trim() };
  return result;
}

const empty = () => ({ presence: summarize([]), toResult: summarize([]), total: summarize([]) });
