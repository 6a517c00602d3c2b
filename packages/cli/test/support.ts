import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../../../fixtures/cards/', import.meta.url));

export interface Result {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly stdoutBytes: Buffer;
}

/** Environment without colour switches or CI flags that would change the output under test. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { NO_COLOR: _n, FORCE_COLOR: _f, ...env } = process.env;
  return { ...env, ...extra };
}

/** Runs `openvitale` with stdout and stderr piped (so never a terminal). */
export function run(args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}) {
  return new Promise<Result>((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: options.env ?? cleanEnv(), timeout: options.timeoutMs ?? 20_000, encoding: 'buffer' },
      (error, stdout, stderr) => {
        const failed = error as (Error & { code?: unknown; signal?: NodeJS.Signals }) | null;
        resolve({
          code: failed ? (typeof failed.code === 'number' ? failed.code : null) : 0,
          signal: failed?.signal ?? null,
          stdout: stdout.toString('utf8'),
          stderr: stderr.toString('utf8'),
          stdoutBytes: stdout,
        });
      },
    );
  });
}

/** A long-running `openvitale` (watch) whose stdout lines can be awaited. */
export class Running {
  readonly child: ChildProcess;
  readonly lines: string[] = [];
  stderr = '';
  readonly #waiters = new Set<() => void>();
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: readonly string[], env: NodeJS.ProcessEnv = cleanEnv()) {
    this.child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      this.lines.push(...parts);
      for (const wake of this.#waiters) wake();
    });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  /** Parsed NDJSON events so far. */
  get events(): Record<string, unknown>[] {
    return this.lines.filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  /** Waits until `count` events match `predicate`. */
  async waitFor(
    predicate: (event: Record<string, unknown>) => boolean,
    what: string,
    timeoutMs = 15_000,
    count = 1,
  ) {
    const deadline = Date.now() + timeoutMs;
    while (this.events.filter(predicate).length < count) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; got ${this.lines.join('\n')}\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#waiters.delete(wake);
          resolve();
        };
        this.#waiters.add(wake);
        setTimeout(wake, 100).unref();
      });
    }
    return this.events.filter(predicate);
  }
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'openvitale-cli-'));
}

/** The demo profile's personal values: none may survive anonymisation. */
export const DEMO = {
  surname: 'DEMO',
  givenName: 'CAMILLE',
  birthDate: '19850512',
  nir: '185057512345673',
} as const;

export const hexOf = (text: string) =>
  Buffer.from(text, 'latin1')
    .toString('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1 ');
