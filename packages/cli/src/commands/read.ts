import { readNextCard } from '@openvitale/reader';
import { OUTPUT_OPTIONS, parse, READER_OPTIONS, seconds, WAIT_OPTIONS } from '../args.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { emit, outputOptions, renderCard } from '../output.js';
import { type Io, startProgress } from '../terminal.js';
import { providerFor } from '../transports.js';

export const DEFAULT_WAIT_MS = 60_000;

export async function read(argv: readonly string[], io: Io): Promise<ExitCode> {
  const { values } = parse('read', argv, { ...READER_OPTIONS, ...OUTPUT_OPTIONS, ...WAIT_OPTIONS });
  const waitTimeoutMs = seconds('read', 'wait', values.wait) ?? DEFAULT_WAIT_MS;
  const { config, opened, reader } = await providerFor('read', values);
  const output = outputOptions('read', values, io, config);
  const stopProgress = startProgress(io, 'Waiting for a Vitale card');
  let data: string | Uint8Array;
  try {
    const result = await readNextCard(opened.provider, {
      scope: output.identificationOnly ? 'identification' : 'full',
      reader,
      waitTimeoutMs,
      waitForReader: values['wait-for-reader'] === true,
      timeoutMs: config.readTimeoutMs,
      signal: io.signal,
    });
    stopProgress();
    data = renderCard(result.card, output);
  } finally {
    stopProgress();
    await opened.close();
  }
  await emit(io, data, output.out);
  return EXIT.OK;
}
