import { growth } from '../memory.js';
import type { BenchResults } from '../results.js';
import { formatRatio, ratio } from '../stats.js';

export interface Goal {
  readonly goal: string;
  readonly met: boolean | undefined;
  readonly figure: string;
}

export const LIMITS = {
  floorRatio: 1.1,
  identificationVsCardpeek: 0.5,
  fullVsCardpeek: 1,
  twoReaders: 1.2,
  /** Heap growth from 1,000 to 10,000 reads: ~116 bytes a read at most, i.e. nothing kept per card. */
  heapGrowthBytes: 1 << 20,
  pnpmBenchMs: 10 * 60_000,
} as const;

const all = (values: readonly boolean[]) => (values.length === 0 ? undefined : values.every(Boolean));

/** Per profile where cardpeek read something: our read's median over cardpeek's card-side median. */
export function cardpeekRatios(results: BenchResults) {
  return results.cardpeek.flatMap((c) => {
    const ours = results.profiles.find((p) => p.name === c.name);
    if (c.status !== 'ran' || !ours || !c.cardMs) return [];
    return [
      {
        name: c.name,
        identification: ratio(ours.scopes.identification.wall.median, c.cardMs.median),
        full: ratio(ours.scopes.full.wall.median, c.cardMs.median),
      },
    ];
  });
}

export function floorRatios(results: BenchResults) {
  return results.profiles
    .filter((p) => !p.scopes.identification.error && p.scopes.identification.traffic.apdus > 0)
    .map((p) => ({
      name: p.name,
      ratio: ratio(p.scopes.identification.wall.median, p.scopes.identification.floorMs),
    }));
}

export function goals(results: BenchResults): Goal[] {
  const floors = floorRatios(results);
  const worstFloor = floors.reduce((m, f) => Math.max(m, f.ratio), 0);
  const peers = cardpeekRatios(results);
  const worst = (key: 'identification' | 'full') => peers.reduce((m, p) => Math.max(m, p[key]), 0);
  const heap = growth(results.memory.samples, 1000)?.heap;
  const startups = results.startup.map((s) => ({
    goal: `\`${s.command}\` median < ${s.targetMs} ms`,
    met: s.wall ? s.wall.median < s.targetMs : undefined,
    figure: s.wall ? `${s.wall.median.toFixed(0)} ms` : (s.error ?? 'not measured'),
  }));
  return [
    {
      goal: `identification read: wall / floor < ${LIMITS.floorRatio} on every card`,
      met: all(floors.map((f) => f.ratio < LIMITS.floorRatio)),
      figure: `worst ${formatRatio(worstFloor)}; met on ${floors.filter((f) => f.ratio < LIMITS.floorRatio).length} of ${floors.length}`,
    },
    {
      goal: `identification read ≤ ${LIMITS.identificationVsCardpeek} × cardpeek's read, every card it reads`,
      met: all(peers.map((p) => p.identification <= LIMITS.identificationVsCardpeek)),
      figure: peers.length
        ? `worst ${formatRatio(worst('identification'))}`
        : (results.cardpeekMissing ?? 'no card read'),
    },
    {
      goal: "full read no slower than cardpeek's read",
      met: all(peers.map((p) => p.full <= LIMITS.fullVsCardpeek)),
      figure: peers.length
        ? `worst ${formatRatio(worst('full'))}`
        : (results.cardpeekMissing ?? 'no card read'),
    },
    {
      goal: `two readers at once: both / one < ${LIMITS.twoReaders}`,
      met: all(results.twoReaders.map((t) => t.ratio < LIMITS.twoReaders)),
      figure:
        results.twoReadersError ??
        results.twoReaders.map((t) => `${t.scope} ${formatRatio(t.ratio)}`).join(', '),
    },
    ...(startups.length
      ? startups
      : [{ goal: 'CLI start-up', met: undefined, figure: results.cliMissing ?? '' }]),
    {
      goal: 'watch memory does not grow (heap, 1,000 → 10,000 reads, < 1 MiB)',
      met: heap === undefined ? undefined : heap < LIMITS.heapGrowthBytes,
      figure:
        heap === undefined ? (results.memory.error ?? 'not measured') : `${(heap / 1024).toFixed(0)} KiB`,
    },
    {
      goal: '`pnpm bench` < 10 min',
      met: results.pnpmBenchMs === undefined ? undefined : results.pnpmBenchMs < LIMITS.pnpmBenchMs,
      figure:
        results.pnpmBenchMs === undefined
          ? `this tool alone: ${(results.toolMs / 1000).toFixed(0)} s`
          : `${(results.pnpmBenchMs / 1000).toFixed(0)} s`,
    },
  ];
}
