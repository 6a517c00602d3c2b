import { access, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { toHex } from '@openvitale/transport';
import { insertIntoVpcd } from '../connectors/vpcd.js';
import type { Fault } from '../faults.js';
import type { CardProfile } from '../profile.js';
import { BUNDLED_PROFILES, type BundledProfileName, bundledProfile, loadProfile } from '../profiles.js';

export const USAGE = `Usage: virtual-card --profile <file.json | ${BUNDLED_PROFILES.join(' | ')}> [options]

Inserts a virtual card into a vpcd reader (pcscd with vsmartcard-vpcd), so
that any PC/SC tool sees it. The card stays in until this process ends
(Ctrl-C or SIGTERM remove it) or --remove-after fires.

Options:
  --profile <p>       a card profile file (fixtures/cards/*.json), or a bundled name
  --vpcd-port <n>     vpcd port: 35963 = "Virtual PCD 00 00", 35964 = "Virtual PCD 00 01" (default 35963)
  --vpcd-host <h>     vpcd host (default 127.0.0.1)
  --remove-after <n>  remove the card after answering APDU n, then exit
  --timing <on|off>   answer at the pace of a real card and reader (default off)
  --no-quickack       do not set TCP_QUICKACK (shows vpcd's 44 ms per APDU)
  --trace <file>      write every APDU received and sent (openvitale-trace format) on exit
  -h, --help          this help
`;

export interface CliIo {
  readonly signal?: AbortSignal;
  readonly out?: (line: string) => void;
  readonly err?: (line: string) => void;
}

class UsageError extends Error {}

function positiveInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new UsageError(`${name} must be an integer from 1, got "${value}"`);
  return n;
}

async function resolveProfile(spec: string): Promise<CardProfile> {
  const exists = await access(spec).then(
    () => true,
    () => false,
  );
  if (!exists && (BUNDLED_PROFILES as readonly string[]).includes(spec)) {
    return bundledProfile(spec as BundledProfileName);
  }
  return loadProfile(spec);
}

/** Runs the CLI; resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = {}): Promise<number> {
  const out = io.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = io.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  let values: ReturnType<typeof parse>;
  try {
    values = parse(argv);
  } catch (error) {
    err(`virtual-card: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    out(USAGE);
    return 0;
  }
  try {
    if (!values.profile) throw new UsageError('--profile is required');
    if (values.timing !== undefined && values.timing !== 'on' && values.timing !== 'off') {
      throw new UsageError(`--timing must be on or off, got "${values.timing}"`);
    }
    const port = positiveInteger('--vpcd-port', values['vpcd-port']) ?? 35963;
    const removeAfter = positiveInteger('--remove-after', values['remove-after']);
    const profile = await resolveProfile(values.profile);
    const faults: Fault[] = removeAfter === undefined ? [] : [{ type: 'remove-after', apdu: removeAfter }];
    const card = await insertIntoVpcd(profile, {
      port,
      host: values['vpcd-host'] ?? '127.0.0.1',
      faults,
      timing: values.timing === 'on',
      quickAck: values['no-quickack'] !== true,
    });
    out(
      `virtual-card: ${profile.type} card inserted on vpcd port ${port} (ATR ${toHex(card.runner.atr, ' ')}, TCP_QUICKACK ${card.quickAck ? 'on' : 'off'})`,
    );
    const stop = () => void card.close();
    io.signal?.addEventListener('abort', stop, { once: true });
    if (io.signal?.aborted) stop();
    await card.closed;
    io.signal?.removeEventListener('abort', stop);
    out(`virtual-card: card removed after ${card.runner.apduCount} APDU(s)`);
    if (values.trace) await writeFile(values.trace, card.runner.formatTrace());
    return 0;
  } catch (error) {
    const refused = (error as NodeJS.ErrnoException).code === 'ECONNREFUSED';
    const hint = refused ? ' (is pcscd running with the vpcd driver? see scripts/with-pcscd.sh)' : '';
    err(`virtual-card: ${error instanceof Error ? error.message : String(error)}${hint}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      profile: { type: 'string' },
      'vpcd-port': { type: 'string' },
      'vpcd-host': { type: 'string' },
      'remove-after': { type: 'string' },
      timing: { type: 'string' },
      'no-quickack': { type: 'boolean' },
      trace: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
}
