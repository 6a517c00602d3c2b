import { spawn } from 'node:child_process';

export interface RunResult {
  readonly code: number | null;
  readonly ms: number;
  readonly output: string;
  /** Why the run was cut short: `timeout`, or the guard's reason. */
  readonly killed?: string;
}

export interface RunOptions {
  readonly timeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Output kept (and, past it, the process killed): a looping prompt floods gigabytes. */
  readonly maxOutput?: number;
  /** Kills the process as soon as its output matches (e.g. an interactive prompt). */
  readonly killOn?: RegExp;
  /** Called with each chunk of stdout, with the time it arrived. */
  readonly onStdout?: (chunk: string, at: number) => void;
  /** Ends the process with SIGTERM (how a watch is stopped). */
  readonly signal?: AbortSignal;
}

/**
 * Runs a program asynchronously (never a sync call: a virtual card in this
 * process must keep answering), always bounded in time and output.
 */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const maxOutput = options.maxOutput ?? 1 << 20;
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    });
    let output = '';
    let killed: string | undefined;
    const kill = (reason: string) => {
      killed ??= reason;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => kill('timeout'), options.timeoutMs);
    const terminate = () => child.kill('SIGTERM');
    options.signal?.addEventListener('abort', terminate, { once: true });
    const take = (chunk: Buffer, stdout: boolean) => {
      const text = chunk.toString('utf8');
      if (stdout) options.onStdout?.(text, performance.now());
      if (output.length < maxOutput) output += text.slice(0, maxOutput - output.length);
      else kill('output limit');
      if (options.killOn?.test(text)) kill(`prompt: ${options.killOn.source}`);
    };
    child.stdout.on('data', (chunk: Buffer) => take(chunk, true));
    child.stderr.on('data', (chunk: Buffer) => take(chunk, false));
    child.on('error', (error) => {
      output += String(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', terminate);
      const ms = performance.now() - started;
      resolve(killed === undefined ? { code, ms, output } : { code, ms, output, killed });
    });
  });
}
