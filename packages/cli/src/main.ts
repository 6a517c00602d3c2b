import { readFileSync } from 'node:fs';
import { EXIT, type ExitCode } from './exit-codes.js';
import { HELP } from './help.js';
import type { Io } from './terminal.js';

/** A command: parses its own arguments, does its job, returns the exit code. */
export type Command = (argv: readonly string[], io: Io) => Promise<ExitCode>;

// Each command loads only what it needs, when it runs: `--version` loads nothing else.
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  read: async () => (await import('./commands/read.js')).read,
  readers: async () => (await import('./commands/readers.js')).readers,
  watch: async () => (await import('./commands/watch.js')).watch,
  trace: async () => (await import('./commands/trace.js')).trace,
  replay: async () => (await import('./commands/replay.js')).replay,
  doctor: async () => (await import('./commands/doctor.js')).doctor,
  'migrate-galss': async () => (await import('./commands/migrate-galss.js')).migrateGalss,
  serve: async () => (await import('./commands/serve.js')).serve,
};

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Runs `openvitale` with `argv` (without node and the script); resolves with the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<ExitCode> {
  const [first, ...rest] = argv;
  if ((first === '--version' || first === '-v') && rest.length === 0) {
    io.stdout.write(`${version()}\n`);
    return EXIT.OK;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' && rest[0] !== undefined ? own(HELP, rest[0]) : undefined;
    (first === undefined ? io.stderr : io.stdout).write(topic ?? HELP.main!);
    return first === undefined ? EXIT.USAGE : EXIT.OK;
  }
  const load = own(COMMANDS, first);
  try {
    if (!load) {
      const [{ usage }, { quote }] = await Promise.all([
        import('./errors.js'),
        import('@openvitale/transport'),
      ]);
      throw usage(
        first === '--version' || first === '-v'
          ? `unexpected argument ${quote(rest[0]!)}: --version takes none`
          : `unknown command ${quote(first)}; commands: ${Object.keys(COMMANDS).join(', ')}`,
      );
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(HELP[first]!);
      return EXIT.OK;
    }
    return await (await load())(rest, io);
  } catch (error) {
    const [{ failureOf }, { printError }] = await Promise.all([
      import('./failure.js'),
      import('./terminal.js'),
    ]);
    const failure = failureOf(error);
    if (!(failure.exitCode === EXIT.INTERRUPTED && io.signal.aborted))
      printError(io, failure.message, failure.detail);
    return failure.exitCode;
  }
}

/** A record's own entry: a command name is user input, and `constructor` or `toString` must not reach Object's. */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
