import { fileURLToPath } from 'node:url';
import type { ReadScope } from '@openvitale/reader';
import type { ApduTransport } from '@openvitale/transport';
import type { PcscProvider } from '@openvitale/transport-pcsc';
import { loadProfile, VirtualTransportProvider } from '@openvitale/virtual-card';
import { run } from '../process.js';
import { ratio, type Summary, summarize } from '../stats.js';
import { CardClient } from './card-client.js';
import { SCOPES, timedRead } from './reads.js';
import { insert, remove } from './vpcd.js';

export interface TwoReadersResult {
  readonly scope: ReadScope;
  /** One read alone: per round, the slower of the two readers' single reads. */
  readonly one: Summary;
  /** Both readers read at once, until both results are in. */
  readonly both: Summary;
  readonly ratio: number;
  /** The same on two in-process virtual readers (no PC/SC). */
  readonly inProcessRatio: number;
}

type Open = () => Promise<ApduTransport>;

/** Single reads in each reader and simultaneous reads of both, alternating. */
async function alternate(opens: readonly Open[], scope: ReadScope, rounds: number) {
  const one: number[] = [];
  const both: number[] = [];
  for (const open of opens) await timedRead(open, scope);
  for (let i = 0; i < rounds; i++) {
    // Both together cannot beat the slower of the two: that is the "one read" they are held against.
    let slower = 0;
    for (const open of opens) slower = Math.max(slower, (await timedRead(open, scope)).ms);
    one.push(slower);
    const started = performance.now();
    await Promise.all(opens.map((open) => timedRead(open, scope)));
    both.push(performance.now() - started);
  }
  const [a, b] = [summarize(one), summarize(both)];
  return { one: a, both: b, ratio: ratio(b.median, a.median) };
}

/**
 * Two virtual cards with timing on in vpcd's two slots; then the same on two
 * in-process virtual readers, which tells whether our reader and transport
 * code or the PC/SC stack serialise the reads.
 */
export async function measureTwoReaders(
  provider: PcscProvider,
  files: readonly [string, string],
  rounds: number,
): Promise<TwoReadersResult[]> {
  const local = new VirtualTransportProvider({ readers: ['A', 'B'] });
  local.insert('A', await loadProfile(files[0]), { timing: true });
  local.insert('B', await loadProfile(files[1]), { timing: true });
  const cards = new CardClient();
  const slots = [
    await insert(provider, cards, files[0], { slot: 0 }),
    await insert(provider, cards, files[1], { slot: 1 }),
  ];
  const results: TwoReadersResult[] = [];
  try {
    for (const scope of SCOPES) {
      const stack = await alternate(
        slots.map((slot) => () => provider.open(slot.reader)),
        scope,
        rounds,
      );
      const inProcess = await alternate(
        ['A', 'B'].map((reader) => () => local.open(reader)),
        scope,
        rounds,
      );
      results.push({ scope, ...stack, inProcessRatio: inProcess.ratio });
    }
  } finally {
    for (const slot of slots) await remove(provider, cards, slot);
    cards.close();
  }
  return results;
}

/** Runs the measurement in a child process bounded in time; a hang is reported, not waited for. */
export async function measureTwoReadersBounded(
  files: readonly [string, string],
  rounds: number,
  timeoutMs: number,
): Promise<{ results: TwoReadersResult[] } | { error: string }> {
  const child = fileURLToPath(new URL('../two-readers-child.js', import.meta.url));
  const result = await run('node', [child, ...files, String(rounds)], { timeoutMs });
  const line = result.output.trim().split('\n').at(-1) ?? '';
  if (result.code === 0) return { results: JSON.parse(line) as TwoReadersResult[] };
  return {
    error:
      result.killed === 'timeout'
        ? `no result within ${timeoutMs / 1000} s (hung)`
        : `exit ${result.code}: ${line.slice(0, 200)}`,
  };
}
