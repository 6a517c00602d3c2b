import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PcscProvider } from '@openvitale/transport-pcsc';
import type { CardProfile } from '@openvitale/virtual-card';
import { parseClf, readAnything } from '../clf.js';
import { run } from '../process.js';
import { type Summary, summarize } from '../stats.js';
import type { CardClient } from './card-client.js';
import { insert, remove } from './vpcd.js';

/** Debian's cardpeek 0.8.4 (GPL-3): run, never copied. `gresource` (libglib2.0-bin) unpacks its scripts. */
const PACKAGES = ['cardpeek', 'cardpeek-data', 'libglib2.0-bin'];
const RESOURCE = '/com/pannetrat/cardpeek/dot_cardpeek.tar.gz';
const RUN_TIMEOUT_MS = 20_000;

export interface CardpeekResult {
  readonly name: string;
  /** `ran`; `reads-nothing` (it ran but no READ BINARY returned data); or why it was not run. */
  readonly status: 'ran' | 'reads-nothing' | 'not-run';
  readonly note?: string;
  /** APDUs the virtual card received (GET RESPONSE included) and the `C:` lines of its `.clf` log. */
  readonly apdus?: number;
  readonly clfApdus?: number;
  /** The whole process: start-up, connection, script, exit. */
  readonly processMs?: Summary;
  /** From the card's first command to its last answer. */
  readonly cardMs?: Summary;
}

/** Installs cardpeek when missing (dpkg first; apt bounded in time). Returns why it cannot run, or undefined. */
export async function ensureCardpeek(): Promise<string | undefined> {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax, not a template.
  const status = await run('dpkg-query', ['-W', '-f=${Status}\\n', ...PACKAGES], { timeoutMs: 10_000 });
  const installed = status.output.split('\n').filter((l) => l.includes('install ok installed')).length;
  if (installed === PACKAGES.length) return undefined;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...args: string[]) => run('apt-get', args, { timeoutMs: 300_000, env });
  let result = await apt('install', '-y', '-qq', '--no-install-recommends', ...PACKAGES);
  if (result.code !== 0) {
    await apt('update', '-qq');
    result = await apt('install', '-y', '-qq', '--no-install-recommends', ...PACKAGES);
  }
  return result.code === 0
    ? undefined
    : `apt-get install ${PACKAGES.join(' ')} failed (${result.killed ?? result.code})`;
}

/**
 * A private HOME whose `.cardpeek/` is laid out beforehand from the tarball
 * embedded in the binary (the scripts of `cardpeek-data` plus the
 * `config.lua` they need): without it cardpeek's first run asks a question
 * that, with no input, loops forever and floods its output.
 */
export async function cardpeekHome(): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'openvitale-cardpeek-'));
  const dot = join(home, '.cardpeek');
  await mkdir(dot);
  const unpack = `gresource extract /usr/bin/cardpeek ${RESOURCE} | tar xz -C '${dot}'`;
  const result = await run('sh', ['-c', unpack], { timeoutMs: 30_000 });
  if (result.code !== 0) throw new Error(`cannot unpack cardpeek's scripts: ${result.output.slice(0, 200)}`);
  // A timestamp newer than the embedded scripts': "scripts are up to date", no question.
  await writeFile(join(dot, 'version'), `${Math.floor(Date.now() / 1000)}\n`);
  return home;
}

/** One console-mode run of the Vitale 2 script on `reader`; its `.clf` log is returned. */
async function runOnce(home: string, reader: string) {
  const clf = join(home, 'out.clf');
  await rm(clf, { force: true });
  const script = `dofile('vitale_2.lua'); card.log_save('${clf}'); ui.exit()`;
  const result = await run('cardpeek', ['--console', '-r', `pcsc://${reader}`, '-e', script], {
    timeoutMs: RUN_TIMEOUT_MS,
    env: { ...process.env, HOME: home },
    cwd: home,
    maxOutput: 256 * 1024,
    // Its prompts (a question, the Lua console after a script error) loop without input.
    killOn: /Your selection|cardpeek> /,
  });
  const log = await readFile(clf, 'utf8').then(parseClf, () => undefined);
  return { result, log };
}

export async function measureCardpeek(
  provider: PcscProvider,
  cards: CardClient,
  home: string,
  name: string,
  file: string,
  profile: CardProfile,
  rounds: number,
): Promise<CardpeekResult> {
  if (profile.type !== 'vitale2') return { name, status: 'not-run', note: 'not a Vitale 2 card' };
  const slot = await insert(provider, cards, file);
  const processMs: number[] = [];
  const cardMs: number[] = [];
  let apdus = 0;
  let last: Awaited<ReturnType<typeof runOnce>> | undefined;
  try {
    await runOnce(home, slot.reader);
    for (let i = 0; i < rounds; i++) {
      await cards.call({ op: 'mark', port: slot.port });
      last = await runOnce(home, slot.reader);
      if (last.result.killed || last.result.code !== 0) break;
      const span = (await cards.call({ op: 'span', port: slot.port })).span ?? { apdus: 0, ms: 0 };
      apdus = span.apdus;
      processMs.push(last.result.ms);
      cardMs.push(span.ms);
    }
  } finally {
    await remove(provider, cards, slot);
  }
  if (!last || last.result.killed || last.result.code !== 0 || !last.log) {
    const why = last?.result.killed ?? `exit ${last?.result.code}`;
    return { name, status: 'not-run', note: `cardpeek failed (${why})` };
  }
  return {
    name,
    status: readAnything(last.log) ? 'ran' : 'reads-nothing',
    apdus,
    clfApdus: last.log.exchanges.length,
    processMs: summarize(processMs),
    cardMs: summarize(cardMs),
  };
}
