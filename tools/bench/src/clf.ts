/**
 * cardpeek's trace file (`.clf`): `# cardpeek trace file`, `# version 0`,
 * `R:<ATR>` per reset, `C:<command>:<SW>:<response data>` per exchange, `# end`.
 * Only what the bench counts is read from it.
 */
export interface ClfExchange {
  readonly command: string;
  readonly sw: string;
  readonly data: string;
}

export interface ClfLog {
  readonly resets: number;
  readonly exchanges: readonly ClfExchange[];
}

export function parseClf(text: string): ClfLog {
  let resets = 0;
  const exchanges: ClfExchange[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('R:')) resets++;
    else if (line.startsWith('C:')) {
      const [, command = '', sw = '', data = ''] = line.split(':');
      exchanges.push({ command: clean(command), sw: clean(sw), data: clean(data) });
    }
  }
  return { resets, exchanges };
}

const clean = (hex: string) => hex.replace(/\s/g, '').toUpperCase();

/** True when some READ BINARY (`xx B0`) got data back: the script read something. */
export function readAnything(log: ClfLog): boolean {
  return log.exchanges.some((e) => e.command.slice(2, 4) === 'B0' && e.data.length > 0);
}
