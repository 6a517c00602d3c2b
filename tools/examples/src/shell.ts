import { spawn } from 'node:child_process';
import type { Sandbox } from './sandbox.js';

export interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
}

/**
 * Commands that run until stopped, as their help says (Ctrl-C): a watch, an
 * agent or a virtual card, unless their output goes to a command that ends them.
 */
export const RUNS_UNTIL_STOPPED =
  /^(openvitale (watch|serve)|(npx )?openvitale-agent|virtual-card --profile)\b(?!.*\|)/;

/**
 * Runs one command line with bash (pipefail: a failing command in a pipe
 * fails the line). `stopAfterMs`: the command runs until stopped; once it
 * has written something (or after that time), it gets SIGINT, as Ctrl-C.
 */
export function runLine(
  line: string,
  sandbox: Sandbox,
  options: { readonly env?: NodeJS.ProcessEnv; readonly timeoutMs: number; readonly stopAfterMs?: number },
): Promise<Outcome> {
  const script = options.stopAfterMs === undefined ? line : `exec ${line}`;
  const child = spawn('bash', ['-o', 'pipefail', '-c', script], {
    cwd: sandbox.dir,
    env: { ...sandbox.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that SIGINT reaches every process of the line, as Ctrl-C does in a terminal.
    detached: true,
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, signal);
  };
  const stop = () => signalGroup('SIGINT');
  const timers: NodeJS.Timeout[] = [setTimeout(() => signalGroup('SIGKILL'), options.timeoutMs)];
  if (options.stopAfterMs !== undefined) {
    timers.push(setTimeout(stop, options.stopAfterMs));
    child.stdout.once('data', () => timers.push(setTimeout(stop, 300)));
  }
  return new Promise((resolve) =>
    child.once('close', (code, signal) => {
      for (const timer of timers) clearTimeout(timer);
      // Whatever the line left behind in its group goes with it.
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
      resolve({ code, signal, output });
    }),
  );
}
