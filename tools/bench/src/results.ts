import type { StartupResult } from './cli.js';
import type { Machine } from './machine.js';
import type { MemoryResult } from './memory.js';
import type { CardpeekResult } from './stack/cardpeek.js';
import type { ProfileResult } from './stack/reads.js';
import type { TwoReadersResult } from './stack/two-readers.js';
import type { WatchResult } from './stack/watch.js';
import type { Summary } from './stats.js';
import type { Throughput } from './throughput.js';

/** Everything one run measured: the input of the tables and of docs/performance.md. */
export interface BenchResults {
  readonly machine: Machine;
  readonly date: string;
  readonly commands: readonly string[];
  readonly rounds: {
    readonly reads: number;
    readonly vitale1Reads: number;
    readonly cardpeek: number;
    readonly watch: number;
    readonly twoReaders: number;
    readonly startup: number;
    readonly memoryReads: number;
  };
  readonly profiles: readonly ProfileResult[];
  readonly cardpeek: readonly CardpeekResult[];
  /** Why cardpeek could not run at all, if so. */
  readonly cardpeekMissing?: string;
  /** The PC/SC stack with the timing model off: what pcscd + vpcd + our transport add per APDU. */
  readonly stackOnly?: { readonly profile: string; readonly apdus: number; readonly wall: Summary };
  readonly watch: readonly WatchResult[];
  readonly twoReaders: readonly TwoReadersResult[];
  /** Why the two-reader measurement gave no result, if so. */
  readonly twoReadersError?: string;
  readonly throughput: readonly Throughput[];
  readonly throughputErrors: readonly string[];
  readonly startup: readonly StartupResult[];
  /** Why the CLI parts were not measured, if so. */
  readonly cliMissing?: string;
  readonly memory: MemoryResult;
  /** This tool's own run, and the whole `pnpm bench` up to the writing of the results, in ms. */
  readonly toolMs: number;
  readonly pnpmBenchMs?: number;
}
