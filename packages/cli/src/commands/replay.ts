import { ReadError, type ReadScope, readCard, readIdentification } from '@openvitale/reader';
import { parseTrace, ReplayTransport, type Trace } from '@openvitale/transport';
import { OUTPUT_OPTIONS, parse } from '../args.js';
import { CliError, usage } from '../errors.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { FILE_LIMITS, readUserFile } from '../files.js';
import { emit, outputOptions, renderCard } from '../output.js';
import type { Io } from '../terminal.js';
import { SCOPE_COMMENT } from './trace.js';

export async function replay(argv: readonly string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parse('replay', argv, OUTPUT_OPTIONS, 1);
  const file = positionals[0];
  if (file === undefined) throw usage('replay needs a trace file', 'replay');
  const text = await readUserFile(file, {
    what: 'the trace',
    fix: 'give a file written by "openvitale trace"',
    maxBytes: FILE_LIMITS.trace,
    signal: io.signal,
  });
  const trace = parseTrace(text);
  const recorded = recordedScope(trace);
  // The read recorded is the read to replay, unless the command line says otherwise.
  const full = values.full ?? (values.identification ? false : recorded === 'full');
  const asked: ReadScope = full ? 'full' : 'identification';
  const output = outputOptions('replay', { ...values, full, identification: !full }, io, {
    centreCarte0000: false,
  });
  if (recorded !== undefined && recorded !== asked) {
    throw new CliError('USAGE', `This trace holds ${SCOPE_NAMES[recorded]}, not ${SCOPE_NAMES[asked]}`, {
      action: `replay it without --${asked} (or with --${recorded})`,
    });
  }
  const transport = new ReplayTransport(trace, { reader: `Trace ${file}` });
  const read = full ? readCard : readIdentification;
  try {
    const result = await read(transport);
    // Closing checks that the read used the whole trace.
    await transport.close();
    await emit(io, renderCard(result.card, output), output.out);
  } catch (error) {
    // A trace without its header line may hold the other read.
    if (recorded !== undefined || !ReadError.isInstance(error) || error.code !== 'PROTOCOL') throw error;
    const other = full ? 'identification' : 'full';
    throw new ReadError(
      'PROTOCOL',
      error.step,
      `The trace does not match ${SCOPE_NAMES[asked]} (${error.summary})`,
      {
        action: `if it holds ${SCOPE_NAMES[other]}, replay it with --${other}`,
        cause: error,
      },
    );
  }
  return EXIT.OK;
}

const SCOPE_NAMES: Readonly<Record<ReadScope, string>> = {
  identification: 'an identification read',
  full: 'a full read',
};

/** The read the trace's header names (`# read: full`), written by `openvitale trace`. */
function recordedScope(trace: Trace): ReadScope | undefined {
  for (const record of trace.records) {
    if (record.kind !== 'comment' || !record.text.startsWith(SCOPE_COMMENT)) continue;
    const scope = record.text.slice(SCOPE_COMMENT.length).trim();
    if (scope === 'full' || scope === 'identification') return scope;
  }
  return undefined;
}
