import { readCard, readIdentification } from '@openvitale/reader';
import { parseTrace, ReplayTransport } from '@openvitale/transport';
import { OUTPUT_OPTIONS, parse } from '../args.js';
import { usage } from '../errors.js';
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
  // The read recorded is the read to replay, unless the command line says otherwise.
  const recorded = trace.records.find((r) => r.kind === 'comment' && r.text.startsWith(SCOPE_COMMENT));
  const full =
    values.full ??
    (values.identification ? false : recorded?.kind === 'comment' && recorded.text.endsWith('full'));
  const output = outputOptions('replay', { ...values, full, identification: !full }, io, {
    centreCarte0000: false,
  });
  const transport = new ReplayTransport(trace, { reader: `Trace ${file}` });
  const read = full ? readCard : readIdentification;
  const result = await read(transport);
  // Closing checks that the read used the whole trace.
  await transport.close();
  await emit(io, await renderCard(result.card, output), output.out);
  return EXIT.OK;
}
