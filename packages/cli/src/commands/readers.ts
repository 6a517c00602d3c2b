import { describeKind, kindFromAtr } from '@openvitale/reader';
import { printable, quote, type ReaderState, toHex } from '@openvitale/transport';
import { jsonFlag, oneOf, parse } from '../args.js';
import { loadConfig } from '../config.js';
import { CliError } from '../errors.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { failureOf } from '../failure.js';
import { emit } from '../output.js';
import { type Io, palette, printWarning, useColour } from '../terminal.js';
import { openProvider, type TransportKind, transportOf } from '../transports.js';

export interface ReaderReport {
  readonly transport: TransportKind;
  readonly reader: string;
  /** Other names of the reader (a GALSS resource's aliases), when it has some. */
  readonly aliases?: readonly string[];
  /** `empty`, `card`, `exclusive` (held by another application: a PC/SC flag, or a GALSS terminal held), `mute`. */
  readonly state: 'empty' | 'card' | 'exclusive' | 'mute';
  /** The application holding the reader, when the service names it (GALSS). */
  readonly holder?: string;
  readonly card: { readonly kind: string; readonly description: string; readonly atr: string } | null;
}

export async function readers(argv: readonly string[], io: Io): Promise<ExitCode> {
  const { values } = parse('readers', argv, {
    transport: { type: 'string' },
    config: { type: 'string' },
    format: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const format = jsonFlag(
    'readers',
    values,
    oneOf('readers', 'format', values.format, ['text', 'json'] as const),
  );
  const config = await loadConfig(values.config);
  // Every real transport unless one is named; the demo reader only when asked for.
  const kinds: TransportKind[] =
    values.transport === undefined ? ['pcsc', 'galss'] : [transportOf('readers', values.transport, config)];
  const reports: ReaderReport[] = [];
  let available = 0;
  for (const kind of kinds) {
    try {
      const opened = await openProvider(kind, { config });
      try {
        reports.push(
          ...(await opened.provider.listReaders({ signal: io.signal })).map((s) => report(kind, s)),
        );
        available++;
      } finally {
        await opened.close();
      }
    } catch (error) {
      if (kinds.length === 1) throw error;
      const { code, message } = failureOf(error);
      // A transport not installed here is the normal case on most sites: said only when asked for (--transport).
      if (code === 'LIBRARY_MISSING') continue;
      printWarning(io, `${kind}: ${message}`);
    }
  }
  if (available === 0) {
    throw new CliError('NOT_AVAILABLE', 'No reader transport is available', {
      action: 'run openvitale doctor: it says what to install or start',
    });
  }
  const json = (format ?? (io.stdout.isTTY ? 'text' : 'json')) === 'json';
  await emit(io, json ? `${JSON.stringify(reports, null, 2)}\n` : table(reports, io), undefined);
  if (reports.length === 0) {
    throw new CliError('NOT_AVAILABLE', 'No card reader was found', {
      action:
        'plug one in; a SESAM-Vitale terminal in GALSS mode is invisible to PC/SC: switch it to PC/SC mode, or use --transport galss',
    });
  }
  return EXIT.OK;
}

function report(transport: TransportKind, state: ReaderState): ReaderReport {
  const flags = state as ReaderState & { readonly exclusive?: boolean; readonly mute?: boolean };
  const card = state.card
    ? {
        kind: kindFromAtr(state.card.atr),
        description: describeKind(kindFromAtr(state.card.atr), state.card.atr),
        atr: toHex(state.card.atr),
      }
    : null;
  const held = state.heldBy !== undefined;
  const status = flags.mute ? 'mute' : flags.exclusive || held ? 'exclusive' : card ? 'card' : 'empty';
  return {
    transport,
    reader: state.name,
    ...(state.aliases?.length ? { aliases: state.aliases } : {}),
    state: status,
    ...(state.heldBy ? { holder: state.heldBy } : {}),
    card,
  };
}

function table(reports: readonly ReaderReport[], io: Io): string {
  const paint = palette(useColour(io.stdout, io.env));
  return reports
    .map((r) => {
      const holder = r.holder ? quote(r.holder) : 'another application';
      const what =
        r.state === 'empty'
          ? paint.dim('empty')
          : r.state === 'exclusive' && !r.card
            ? `held by ${holder}`
            : `${r.card?.kind.startsWith('vitale') ? paint.green(r.card.description) : (r.card?.description ?? '')}${
                r.state === 'mute'
                  ? ' (mute: reinsert it)'
                  : r.state === 'exclusive'
                    ? ` (held by ${holder})`
                    : ''
              }`;
      const aliases = r.aliases ? ` (${r.aliases.map((a) => printable(a)).join(', ')})` : '';
      return `${paint.bold(printable(r.reader))}${aliases} [${r.transport}]: ${what}\n`;
    })
    .join('');
}
