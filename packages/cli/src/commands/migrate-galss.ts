import { parse } from '../args.js';
import { usage } from '../errors.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { readUserFile } from '../files.js';
import { emit } from '../output.js';
import type { Io } from '../terminal.js';
import { importTransport } from '../transports.js';

/** What this command uses of `@openvitale/transport-galss`'s galss.ini planner. */
interface Planner {
  /** The resources of a galss.ini and where each sits, with the replacing api_lec.ini, as text. */
  formatGalssMigration(text: string): string;
}

export async function migrateGalss(argv: readonly string[], io: Io): Promise<ExitCode> {
  const { positionals } = parse('migrate-galss', argv, { help: { type: 'boolean', short: 'h' } }, 1);
  const file = positionals[0];
  if (file === undefined) throw usage('migrate-galss needs the path of a galss.ini', 'migrate-galss');
  const text = await readUserFile(
    file,
    'latin1',
    'the GALSS configuration',
    "give the path of the site's galss.ini",
  );
  const planner = (await importTransport(
    '@openvitale/transport-galss',
    'GALSS',
    'formatGalssMigration',
  )) as unknown as Planner;
  await emit(io, planner.formatGalssMigration(text), undefined);
  return EXIT.OK;
}
