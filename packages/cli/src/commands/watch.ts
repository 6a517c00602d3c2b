import { type CardWatchEvent, kindFromAtr, watchCards } from '@openvitale/reader';
import { toHex } from '@openvitale/transport';
import { OUTPUT_OPTIONS, parse, READER_OPTIONS } from '../args.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { failureOf } from '../failure.js';
import { cardDocument, type OutputOptions, outputOptions, writeStdout } from '../output.js';
import type { Io } from '../terminal.js';
import { providerFor } from '../transports.js';

const {
  format: _format,
  encoding: _encoding,
  'xml-profile': _profile,
  pretty: _pretty,
  out: _out,
  ...WATCH_OUTPUT
} = OUTPUT_OPTIONS;

/**
 * One NDJSON line per event until Ctrl-C/SIGTERM. Built to run for weeks:
 * no timer of its own (the reader's deadlines are per read and split), each
 * event is written and dropped (the card data of a read are not kept once
 * printed), and a slow stdout is waited for rather than buffered.
 */
export async function watch(argv: readonly string[], io: Io): Promise<ExitCode> {
  const { values } = parse('watch', argv, { ...READER_OPTIONS, ...WATCH_OUTPUT });
  const { config, opened, reader } = await providerFor('watch', values);
  const output = outputOptions('watch', { ...values, format: 'json' }, io, config);
  // The demo provider holds no I/O handle: without this, Node would end the process mid-watch.
  // 2^30 ms stays under the 2^31-1 ms timer limit.
  const keepAlive = setInterval(() => {}, 2 ** 30);
  try {
    const events = watchCards(opened.provider, {
      scope: output.identificationOnly ? 'identification' : 'full',
      reader,
      timeoutMs: config.readTimeoutMs,
      signal: io.signal,
    });
    for await (const event of events) await writeLine(io, line(event, output));
  } catch (error) {
    if (!io.signal.aborted) throw error;
  } finally {
    clearInterval(keepAlive);
    await opened.close();
  }
  return EXIT.OK;
}

function line(event: CardWatchEvent, output: OutputOptions): string {
  const head = { event: event.type, time: new Date().toISOString(), reader: event.reader };
  return JSON.stringify({ ...head, ...fields(event, output) });
}

/** What an event's line holds beyond its type, time and reader. */
function fields(event: CardWatchEvent, output: OutputOptions): object {
  switch (event.type) {
    case 'reader-removed':
    case 'card-removed':
    case 'reader-released':
      return {};
    case 'reader-added':
      return { aliases: event.aliases };
    case 'reader-held':
      return { holder: event.holder };
    case 'card-inserted':
      return { atr: toHex(event.atr), card: kindFromAtr(event.atr) };
    case 'read-result':
      return {
        card: event.read.detection.kind,
        durationMs: Math.round(event.read.durationMs),
        data: cardDocument(event.read.card, output),
      };
    case 'read-error': {
      const { code, exitCode, message, detail } = failureOf(event.error);
      return { code, exitCode, message, detail };
    }
  }
}

function writeLine(io: Io, text: string): Promise<void> {
  return writeStdout(io, `${text}\n`);
}
