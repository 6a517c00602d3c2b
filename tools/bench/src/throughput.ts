import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from './process.js';

/** One of a package's own vitest benchmarks: operations (cards, documents) per second. */
export interface Throughput {
  readonly pkg: string;
  readonly group: string;
  readonly name: string;
  /** 1000 / median time per operation. */
  readonly medianHz: number;
  /** vitest's mean rate and its relative margin of error (%). */
  readonly hz: number;
  readonly rme: number;
  readonly p99Ms: number;
  readonly samples: number;
}

interface BenchJson {
  readonly files: readonly {
    readonly groups: readonly {
      readonly fullName: string;
      readonly benchmarks: readonly {
        readonly name: string;
        readonly hz: number;
        readonly rme: number;
        readonly median: number;
        readonly p99: number;
        readonly sampleCount: number;
      }[];
    }[];
  }[];
}

/** Runs a package's own `*.bench.ts` (the same code as its `bench` script) and reads vitest's JSON output. */
export async function packageThroughput(root: string, pkg: string): Promise<Throughput[] | string> {
  const dir = join(root, 'packages', pkg);
  const out = join(dir, '.bench-output.json');
  await rm(out, { force: true });
  const vitest = join(root, 'node_modules/.bin/vitest');
  const result = await run(vitest, ['bench', '--run', '--outputJson', out], { cwd: dir, timeoutMs: 180_000 });
  if (result.code !== 0) return `vitest bench failed in ${pkg} (${result.killed ?? result.code})`;
  const json = JSON.parse(await readFile(out, 'utf8')) as BenchJson;
  await rm(out, { force: true });
  return json.files.flatMap((file) =>
    file.groups.flatMap((group) =>
      group.benchmarks.map((b) => ({
        pkg,
        group: group.fullName.replace(/^.*?> /, ''),
        name: b.name,
        medianHz: 1000 / b.median,
        hz: b.hz,
        rme: b.rme,
        p99Ms: b.p99,
        samples: b.sampleCount,
      })),
    ),
  );
}
