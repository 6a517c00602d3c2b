import { importTransport } from '@openvitale/reader';
import { quote } from '@openvitale/transport';
import { parse } from '../args.js';
import { CliError, usage } from '../errors.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { FILE_LIMITS, readUserFile } from '../files.js';
import { BESIDE } from '../optional.js';
import { emit } from '../output.js';
import type { Io } from '../terminal.js';

export async function migrateGalss(argv: readonly string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parse(
    'migrate-galss',
    argv,
    { vitale: { type: 'string' }, cps: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    1,
  );
  const file = positionals[0];
  if (file === undefined) throw usage('migrate-galss needs the path of a galss.ini', 'migrate-galss');
  const text = await readUserFile(file, {
    what: 'the GALSS configuration',
    fix: "give the path of the site's galss.ini",
    maxBytes: FILE_LIMITS.config,
    signal: io.signal,
  });
  const galss = (await importTransport('@openvitale/transport-galss', 'planMigration', {
    beside: BESIDE,
  })) as unknown as typeof import('@openvitale/transport-galss');
  let plan: ReturnType<typeof galss.planMigration>;
  try {
    plan = galss.planMigration(galss.parseGalssIni(text), {
      ...(values.vitale === undefined ? {} : { vitale: values.vitale }),
      ...(values.cps === undefined ? {} : { cps: values.cps }),
    });
  } catch (error) {
    if (!galss.GalssIniError.isInstance(error)) throw error;
    throw new CliError('USAGE', `${quote(file)}: ${error.summary}`, {
      action: 'fix the galss.ini or give another file',
    });
  }
  // Where each resource sits, as comments, then the config that replaces GALSS: all of it CRLF,
  // as the api_lec.ini it is pasted into (a Windows editor shows lone LFs as one line).
  const where = galss.describeResources(plan).map((line) => `; ${line}\r\n`);
  await emit(io, `${where.join('')}${galss.formatPcscConfig(plan)}`, undefined);
  return EXIT.OK;
}
