import { monotonicNow, printable } from '@openvitale/transport';

/** What the CLI needs from its process: streams, environment, TTY-ness. Injectable for tests. */
export interface Io {
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  /** Ends long-running commands (Ctrl-C, SIGTERM). */
  readonly signal: AbortSignal;
}

/** Colours only on a terminal, never with NO_COLOR (https://no-color.org), forced by FORCE_COLOR. */
export function useColour(stream: Io['stderr'], env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export type Paint = (text: string) => string;
export interface Palette {
  readonly red: Paint;
  readonly green: Paint;
  readonly yellow: Paint;
  readonly bold: Paint;
  readonly dim: Paint;
}

const sgr =
  (on: number, off: number): Paint =>
  (text) =>
    `\u001b[${on}m${text}\u001b[${off}m`;
const plain: Paint = (text) => text;

export function palette(enabled: boolean): Palette {
  return enabled
    ? { red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), bold: sgr(1, 22), dim: sgr(2, 22) }
    : { red: plain, green: plain, yellow: plain, bold: plain, dim: plain };
}

/** Prints an error on stderr: one sentence, prefixed, in red on a terminal; the native detail on its own line. */
export function printError(io: Io, message: string, detail?: string): void {
  const paint = palette(useColour(io.stderr, io.env));
  io.stderr.write(`${paint.red('openvitale: error:')} ${safeLines(message)}\n`);
  if (detail !== undefined) io.stderr.write(`${paint.dim('openvitale: detail:')} ${safeLines(detail)}\n`);
}

export function printWarning(io: Io, message: string): void {
  const paint = palette(useColour(io.stderr, io.env));
  io.stderr.write(`${paint.yellow('openvitale: warning:')} ${safeLines(message)}\n`);
}

/**
 * A message as it may reach a terminal or a log: no control character
 * survives (values are quoted where they are echoed; this is the last
 * guard), and a line a message means to add is indented, so nothing can
 * pass for a line of its own.
 */
function safeLines(message: string): string {
  return message
    .split('\n')
    .map((line) => printable(line))
    .join('\n  ');
}

/**
 * "Waiting for a card…" on stderr while a person inserts the card, only when
 * stderr is a terminal (never in logs or pipes). Returns the function that
 * clears it. One 100 ms interval, unref'd, cleared on every path.
 */
export function startProgress(io: Io, text: string): () => void {
  if (io.stderr.isTTY !== true) return () => {};
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  const started = monotonicNow();
  let frame = 0;
  const draw = () => {
    const seconds = Math.floor((monotonicNow() - started) / 1000);
    io.stderr.write(`\r${frames[frame++ % frames.length]} ${text} (${seconds} s, Ctrl-C to stop)`);
  };
  const timer = setInterval(draw, 100);
  timer.unref();
  let cleared = false;
  return () => {
    if (cleared) return;
    cleared = true;
    clearInterval(timer);
    if (frame > 0) io.stderr.write('\r\u001b[2K');
  };
}
