import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
}

/** Runs a program to its end and collects its output; a non-zero exit is a result, not an error. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<Finished> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 180_000,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, durationMs: performance.now() - started }));
  });
}

/** The environment without what a calling package manager sets for its own scripts (`npm_*`). */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, ...extra };
}

function onPath(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return realpathSync(candidate);
  }
  throw new Error(`${name} is not on the PATH`);
}

/** npm's own entry script, run with this Node so that the PATH can hold nothing else. */
export const NPM_CLI = onPath('npm');

let bareBin: string | undefined;
/**
 * A PATH with `node` alone: no compiler (cc, gcc, g++, make), no Python,
 * nothing node-gyp could build with.
 */
export function bareNodePath(): string {
  if (bareBin === undefined) {
    bareBin = mkdtempSync(join(tmpdir(), 'openvitale-bare-bin-'));
    symlinkSync(process.execPath, join(bareBin, 'node'));
  }
  return bareBin;
}

/** Removes that PATH folder (the next call makes a new one). */
export function removeBareNodePath(): void {
  if (bareBin !== undefined) rmSync(bareBin, { recursive: true, force: true });
  bareBin = undefined;
}
