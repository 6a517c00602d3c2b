import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './process.js';
import { type Summary, summarize } from './stats.js';

export interface StartupResult {
  readonly command: string;
  readonly targetMs: number;
  readonly wall?: Summary;
  readonly error?: string;
}

/** The built `openvitale` binary of packages/cli, building it when needed; why not, when it is not there. */
export async function findCli(root: string): Promise<{ bin: string } | { missing: string }> {
  const dir = join(root, 'packages/cli');
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return { missing: 'packages/cli is not on this branch yet' };
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: string | Record<string, string> };
  const relative = typeof bin === 'string' ? bin : bin?.openvitale;
  if (!relative) return { missing: 'packages/cli declares no `openvitale` bin' };
  const path = join(dir, relative);
  if (!existsSync(path)) {
    const built = await run('pnpm', ['--filter', '@openvitale/cli...', 'run', 'build'], {
      timeoutMs: 180_000,
      cwd: root,
    });
    if (built.code !== 0 || !existsSync(path))
      return { missing: `building the CLI failed (${built.killed ?? built.code})` };
  }
  return { bin: path };
}

/** Wall time of whole CLI processes (`node <bin> ...`), after two warm-up runs (a cold disk cache is not start-up). */
export async function measureStartup(
  bin: string,
  args: readonly string[],
  targetMs: number,
  rounds: number,
): Promise<StartupResult> {
  const command = `openvitale ${args.join(' ')}`;
  const times: number[] = [];
  for (let i = 0; i < rounds + 2; i++) {
    const result = await run('node', [bin, ...args], { timeoutMs: 30_000 });
    if (result.code !== 0) {
      return {
        command,
        targetMs,
        error: `exit ${result.killed ?? result.code}: ${result.output.slice(0, 200)}`,
      };
    }
    if (i >= 2) times.push(result.ms);
  }
  return { command, targetMs, wall: summarize(times) };
}
