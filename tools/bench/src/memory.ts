import { fileURLToPath } from 'node:url';
import { run } from './process.js';

export interface MemorySample {
  readonly reads: number;
  readonly heapUsed: number;
  readonly rss: number;
}

export interface MemoryResult {
  readonly samples: readonly MemorySample[];
  readonly ms: number;
  readonly error?: string;
}

const CHILD = fileURLToPath(new URL('./memory-child.js', import.meta.url));

/** The watch loop in a fresh process of its own, so nothing else in the bench weighs on its heap. */
export async function measureMemory(profileFile: string, reads: number): Promise<MemoryResult> {
  const result = await run('node', ['--expose-gc', CHILD, profileFile, String(reads)], {
    timeoutMs: 300_000,
  });
  const line = result.output.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as MemoryResult;
  } catch {
    return {
      samples: [],
      ms: result.ms,
      error: `${result.killed ?? `exit ${result.code}`}: ${line.slice(0, 200)}`,
    };
  }
}

/** Heap and RSS growth from the sample at `from` reads to the last one. */
export function growth(
  samples: readonly MemorySample[],
  from: number,
): { heap: number; rss: number } | undefined {
  const start = samples.find((s) => s.reads === from);
  const end = samples.at(-1);
  if (!start || !end || end === start) return undefined;
  return { heap: end.heapUsed - start.heapUsed, rss: end.rss - start.rss };
}
