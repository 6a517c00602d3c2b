/**
 * The benchmarks in one run (`pnpm bench`, through scripts/with-pcscd.sh,
 * as root): prints the tables and rewrites the results part of
 * docs/performance.md. OPENVITALE_BENCH_QUICK=1 runs few rounds (trying the tool out).
 */
import { readdirSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPcscProvider } from '@openvitale/transport-pcsc';
import { loadProfile } from '@openvitale/virtual-card';
import { analysis } from './analysis.js';
import { findCli, measureStartup, type StartupResult } from './cli.js';
import { machine } from './machine.js';
import { measureMemory } from './memory.js';
import { spliceResults } from './report/document.js';
import { resultsMarkdown } from './report/sections.js';
import type { BenchResults } from './results.js';
import { CardClient } from './stack/card-client.js';
import { cardpeekHome, ensureCardpeek, measureCardpeek } from './stack/cardpeek.js';
import { measureProfile } from './stack/reads.js';
import { measureStackOnly } from './stack/reads-stack-only.js';
import { measureTwoReadersBounded } from './stack/two-readers.js';
import { measureCliWatch, measureWatchCards } from './stack/watch.js';
import { packageThroughput } from './throughput.js';

const started = performance.now();
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = join(ROOT, 'fixtures/cards');
const quick = process.env.OPENVITALE_BENCH_QUICK === '1';
const rounds = quick
  ? { reads: 3, vitale1Reads: 1, cardpeek: 2, watch: 3, twoReaders: 3, startup: 3, memoryReads: 2000 }
  : { reads: 9, vitale1Reads: 3, cardpeek: 5, watch: 20, twoReaders: 12, startup: 20, memoryReads: 10_000 };
// OPENVITALE_BENCH_ONLY=a,b: only these cards' reads and cardpeek runs (trying the tool out).
const only = process.env.OPENVITALE_BENCH_ONLY?.split(',');
const step = (text: string) =>
  process.stderr.write(`bench ${((performance.now() - started) / 1000).toFixed(1)} s: ${text}\n`);

const names = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .filter((n) => !only || only.includes(n))
  .sort();
const profiles = new Map(
  await Promise.all(names.map(async (n) => [n, await loadProfile(join(FIXTURES, `${n}.json`))] as const)),
);
const profile = (name: string) => profiles.get(name)!;
const file = (name: string) => join(FIXTURES, `${name}.json`);
const cards = new CardClient();

const provider = createPcscProvider({ pollIntervalMs: 200 });
const reads = [];
for (const name of names) {
  step(`reads of ${name}`);
  const n = profile(name).type === 'vitale1' ? rounds.vitale1Reads : rounds.reads;
  reads.push(await measureProfile(provider, cards, name, file(name), profile(name), n));
}
step('stack without the timing model');
const stackOnly = await measureStackOnly(
  provider,
  cards,
  'vitale2-single',
  file('vitale2-single'),
  rounds.reads * 3,
);

const cardpeekMissing = await ensureCardpeek();
const cardpeek = [];
if (!cardpeekMissing) {
  const home = await cardpeekHome();
  for (const name of names) {
    step(`cardpeek on ${name}`);
    cardpeek.push(
      await measureCardpeek(provider, cards, home, name, file(name), profile(name), rounds.cardpeek),
    );
  }
  await rm(home, { recursive: true, force: true });
}

const cli = await findCli(ROOT);
const cliMissing = 'missing' in cli ? cli.missing : undefined;
step('watch latency');
const target = { cards, file: file('vitale2-single'), count: rounds.watch };
const watch = [await measureWatchCards(provider, target)];
if ('bin' in cli) watch.push(await measureCliWatch(cli.bin, target));
cards.close();

step('two readers');
await provider.close();
const two = await measureTwoReadersBounded(
  [file('vitale2-single'), file('vitale2-family')],
  rounds.twoReaders,
  60_000,
);
const twoReaders = 'results' in two ? two.results : [];

step('decoder and formatter throughput');
const throughput = [];
const throughputErrors = [];
for (const pkg of ['decoder', 'format']) {
  const result = await packageThroughput(ROOT, pkg);
  if (typeof result === 'string') throughputErrors.push(result);
  else throughput.push(...result);
}

const startup: StartupResult[] = [];
if ('bin' in cli) {
  step('CLI start-up');
  startup.push(await measureStartup(cli.bin, ['--version'], 150, rounds.startup));
  startup.push(await measureStartup(cli.bin, ['read', '--transport', 'demo'], 300, rounds.startup));
}

step(`watch memory over ${rounds.memoryReads} reads`);
const memory = await measureMemory(join(FIXTURES, 'vitale2-family.json'), rounds.memoryReads);

const benchStart = Number(process.env.OPENVITALE_BENCH_STARTED);
const results: BenchResults = {
  machine: await machine(),
  date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  commands: [
    'pnpm bench   # at the root: turbo run bench --concurrency=1, tools/bench last',
    'pnpm --filter @openvitale-tools/bench bench   # this part alone (builds, then scripts/with-pcscd.sh node dist/main.js)',
  ],
  rounds,
  profiles: reads,
  cardpeek,
  ...(cardpeekMissing ? { cardpeekMissing } : {}),
  stackOnly,
  watch,
  twoReaders,
  ...('error' in two ? { twoReadersError: two.error } : {}),
  throughput,
  throughputErrors,
  startup,
  ...(cliMissing ? { cliMissing } : {}),
  memory,
  toolMs: performance.now() - started,
  ...(Number.isFinite(benchStart) && benchStart > 0 ? { pnpmBenchMs: Date.now() - benchStart } : {}),
};

const markdown = resultsMarkdown(results, analysis(results));
console.log(markdown);
if (quick) step('quick run: docs/performance.md left as it is');
else {
  const doc = join(ROOT, 'docs/performance.md');
  await writeFile(doc, spliceResults(await readFile(doc, 'utf8'), markdown));
  step(`wrote ${doc}`);
}
