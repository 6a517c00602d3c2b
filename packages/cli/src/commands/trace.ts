import { type CardRead, readReader, waitForCard } from '@openvitale/reader';
import { formatTrace, recordTrace, type Trace, type TraceRecording } from '@openvitale/transport';
import { parse, READER_OPTIONS, seconds, WAIT_OPTIONS } from '../args.js';
import { usage } from '../errors.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { version } from '../main.js';
import { emit } from '../output.js';
import { type Io, printWarning, startProgress } from '../terminal.js';
import { providerFor } from '../transports.js';
import { DEFAULT_WAIT_MS } from './read.js';

export const SCOPE_COMMENT = 'read: ';

const ANONYMISED_HEADER = [
  'ANONYMISED by openvitale trace: names, NIRs and birth dates are replaced by fake values',
  'of the same length (the same real value gives the same fake value in this trace; fake NIRs',
  'keep their key rule). Everything else (ATR, files, certificates) is as the card answered.',
];

const RAW_HEADER = [
  'RAW TRACE: this file holds the real card data (names, NIR, birth dates): personal health data.',
  'Do not publish it; send it only to someone allowed to see it, and delete it after use.',
];

export async function trace(argv: readonly string[], io: Io): Promise<ExitCode> {
  const { values } = parse('trace', argv, {
    ...READER_OPTIONS,
    identification: { type: 'boolean' },
    full: { type: 'boolean' },
    ...WAIT_OPTIONS,
    out: { type: 'string', short: 'o' },
    raw: { type: 'boolean' },
  });
  if (values.identification && values.full)
    throw usage('--identification and --full exclude each other', 'trace');
  const scope = values.full ? 'full' : 'identification';
  const waitTimeoutMs = seconds('trace', 'wait', values.wait) ?? DEFAULT_WAIT_MS;
  const { config, opened, reader } = await providerFor('trace', values);
  let recorded: { trace: Trace; read: CardRead };
  const stopProgress = startProgress(io, 'Waiting for a Vitale card');
  try {
    const name = await waitForCard(opened.provider, {
      reader,
      waitTimeoutMs,
      waitForReader: values['wait-for-reader'] === true,
      signal: io.signal,
    });
    stopProgress();
    let recording: TraceRecording | undefined;
    const result = await readReader(
      opened.provider,
      name,
      scope,
      { timeoutMs: config.readTimeoutMs, signal: io.signal },
      (transport) => {
        recording = recordTrace(transport);
      },
    );
    recorded = { trace: recording!.stop(), read: result };
  } finally {
    stopProgress();
    await opened.close();
  }

  const about = [
    `openvitale ${version()}, ${new Date().toISOString()}, transport ${opened.kind}, ${recorded.read.detection.description}`,
    `${SCOPE_COMMENT}${scope}`,
  ];
  let output: Trace;
  if (values.raw) {
    printWarning(
      io,
      'RAW TRACE: the file holds the real names, NIR and birth dates of the card: do not publish it',
    );
    output = withComments(recorded.trace, [...RAW_HEADER, ...about]);
  } else {
    const { anonymiseTrace } = await import('../anonymise.js');
    const { trace: anonymised } = anonymiseTrace(recorded.trace, recorded.read.card);
    output = withComments(anonymised, [...ANONYMISED_HEADER, ...about]);
  }
  await emit(io, formatTrace(output), values.out);
  if (values.out !== undefined)
    io.stderr.write(`Trace written to ${values.out}: openvitale replay ${values.out}\n`);
  return EXIT.OK;
}

function withComments(trace: Trace, lines: readonly string[]): Trace {
  return {
    version: trace.version,
    records: [...lines.map((text) => ({ kind: 'comment' as const, text })), ...trace.records],
  };
}
