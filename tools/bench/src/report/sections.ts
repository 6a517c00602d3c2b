import { growth } from '../memory.js';
import type { BenchResults } from '../results.js';
import { formatMs, formatRatio, ratio, type Summary } from '../stats.js';
import { cardpeekRatios, goals, LIMITS } from './goals.js';
import { table, verdict } from './table.js';

const ms = (s: Summary | undefined) => formatMs(s);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

export function machineSection(r: BenchResults): string {
  const m = r.machine;
  const rounds = r.rounds;
  return [
    '## Latest results',
    '',
    `Run on ${r.date}. Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB memory; ${m.os}; Node ${m.node}.`,
    '',
    'Commands:',
    '',
    ...r.commands.map((c) => `* \`${c}\``),
    '',
    `Every timing is the **median (min–max)** of repeated runs: ${rounds.reads} reads per card and scope ` +
      `(${rounds.vitale1Reads} on Vitale 1, whose 9,600-baud line makes a read last seconds), ` +
      `${rounds.cardpeek} cardpeek runs per card, ${rounds.watch} insert/remove cycles per watcher, ` +
      `${rounds.twoReaders} rounds with two readers, ${rounds.startup} CLI runs; ` +
      'one warm-up before each series is not counted.',
  ].join('\n');
}

export function goalsSection(r: BenchResults): string {
  return [
    '### Goals',
    '',
    table(
      ['Goal', 'Result', 'Figure'],
      goals(r).map((g) => [g.goal, verdict(g.met), g.figure]),
    ),
  ].join('\n');
}

export function readsSection(r: BenchResults): string {
  const rows = r.profiles.flatMap((p) =>
    (['identification', 'full'] as const).map((scope) => {
      const s = p.scopes[scope];
      const measured = s.traffic.apdus > 0;
      const floorRatio = ratio(s.wall.median, s.floorMs);
      const goal = scope === 'identification' && measured ? verdict(floorRatio < LIMITS.floorRatio) : '';
      return [
        scope === 'identification' ? p.name : '',
        scope,
        String(s.traffic.apdus),
        `${s.traffic.bytesOut} / ${s.traffic.bytesIn}`,
        s.floorMs.toFixed(1),
        ms(s.wall),
        measured ? formatRatio(floorRatio) : '—',
        ms(s.inProcess),
        s.error ? `${goal} (${s.error})`.trim() : goal,
      ];
    }),
  );
  return [
    '### Reads through pcscd + vpcd against the physical floor',
    '',
    "Each fixture card in vpcd with the virtual card's timing model on (from its ATR: Vitale 2 TA1 `13`, " +
      '3.57 MHz, 12 etu per character, 1 ms reader overhead per APDU). **Wall**: `open` + `readIdentification` ' +
      'or `readCard` through `@openvitale/transport-pcsc` (connect, transaction, APDUs, decoding; the reset on ' +
      "release comes after the result). **Floor**: the same exchanges' modelled time (`modelledTimeMs`). " +
      '**In process**: the same read on the in-process virtual card with the same timing model, no pcscd: the ' +
      "emulator's own share. Bytes are command bytes / response bytes, SW included.",
    '',
    table(
      [
        'Card',
        'Read',
        'APDUs',
        'Bytes out / in',
        'Floor ms',
        'Wall ms',
        'Wall / floor',
        'In process ms',
        'Goal < 1.10',
      ],
      rows,
    ),
    ...stackOnlyLines(r),
  ].join('\n');
}

function stackOnlyLines(r: BenchResults): string[] {
  if (!r.stackOnly) return [];
  const { profile, apdus, wall } = r.stackOnly;
  return [
    '',
    `With the timing model **off**, the identification read of ${profile} (${apdus} APDUs) takes ` +
      `${ms(wall)} ms through pcscd + vpcd: ${(wall.median / apdus).toFixed(2)} ms per APDU of stack, ` +
      'connection and transaction included.',
  ];
}

export function cardpeekSection(r: BenchResults): string {
  if (r.cardpeekMissing) return `### cardpeek\n\ncardpeek could not run: ${r.cardpeekMissing}.`;
  const ratios = new Map(cardpeekRatios(r).map((p) => [p.name, p]));
  const rows = r.cardpeek.map((c) => {
    const ours = r.profiles.find((p) => p.name === c.name);
    const pair = ratios.get(c.name);
    if (c.status === 'not-run') return [c.name, c.note ?? 'not run', '', '', '', '', '', ''];
    // No EF 2001, or a SELECT form the card refuses (cardpeek has no fallback for either).
    const status = c.status === 'reads-nothing' ? 'reads nothing' : 'ran';
    return [
      c.name,
      status,
      `${c.apdus} / ${c.clfApdus}`,
      ms(c.processMs),
      ms(c.cardMs),
      ms(ours?.scopes.identification.wall),
      pair
        ? `${formatRatio(pair.identification)} ${verdict(pair.identification <= LIMITS.identificationVsCardpeek)}`
        : '—',
      pair ? `${formatRatio(pair.full)} ${verdict(pair.full <= LIMITS.fullVsCardpeek)}` : '—',
    ];
  });
  return [
    '### The same cards read by cardpeek',
    '',
    "Debian's cardpeek 0.8.4, its `vitale_2.lua` script in console mode (`cardpeek --console -r " +
      "'pcsc://Virtual PCD 00 00' -e \"dofile('vitale_2.lua'); card.log_save(...); ui.exit()\"`), through the " +
      'same pcscd + vpcd and the same virtual card with timing on. **APDUs**: received by the virtual card / ' +
      "lines of cardpeek's `.clf` log. **Process**: the whole cardpeek run (start-up, connection, script, exit). " +
      "**Card**: the virtual card's first command to its last answer. Our ratios divide our read's wall time " +
      "(above) by cardpeek's **card** time, the stricter comparison (its start-up is left out).",
    '',
    table(
      [
        'Card',
        'cardpeek',
        'APDUs (card / .clf)',
        'Process ms',
        'Card ms',
        'Our identification ms',
        'Ours / cardpeek, identification (≤ 0.5)',
        'Ours / cardpeek, full (≤ 1)',
      ],
      rows,
    ),
  ].join('\n');
}

export function watchSection(r: BenchResults): string {
  const rows = r.watch.map((w) => [
    w.source,
    String(w.total.n),
    ms(w.presence),
    ms(w.toResult),
    ms(w.total),
    w.error ?? '',
  ]);
  return [
    '### From insertion to the watch result',
    '',
    'vitale2-single with timing on, inserted and removed in a loop under a running watcher (a random ' +
      "0–400 ms pause before each insertion samples every phase of pcscd's polling). **Presence**: the card " +
      "connects to vpcd → the watcher reports `card-inserted` (pcscd's presence polling, not ours). " +
      '**To result**: `card-inserted` → `read-result`.',
    '',
    table(['Watcher', 'Cycles', 'Presence ms', 'To result ms', 'Total ms', 'Note'], rows),
    ...(r.cliMissing ? ['', `The CLI's \`openvitale watch\` was not measured: ${r.cliMissing}.`] : []),
  ].join('\n');
}

export function twoReadersSection(r: BenchResults): string {
  const rows = r.twoReaders.map((t) => [
    t.scope,
    ms(t.one),
    ms(t.both),
    formatRatio(t.ratio),
    verdict(t.ratio < LIMITS.twoReaders),
    formatRatio(t.inProcessRatio),
  ]);
  return [
    '### Two readers at once',
    '',
    'vitale2-single in `Virtual PCD 00 00` and vitale2-family in `Virtual PCD 00 01`, timing on. **One**: a ' +
      'read alone, the slower of the two (per round); **both**: both reads started together, until both results are in. The last ' +
      'column is the same measurement on two in-process virtual readers (no PC/SC).',
    '',
    r.twoReadersError
      ? `**No result**: ${r.twoReadersError}.`
      : table(['Read', 'One ms', 'Both ms', 'Both / one', 'Goal < 1.2', 'Both / one, in process'], rows),
  ].join('\n');
}

export function throughputSection(r: BenchResults): string {
  const rows = r.throughput.map((t) => [
    `${t.pkg}: ${t.group}`,
    t.name,
    Math.round(t.medianHz).toLocaleString('en'),
    `${Math.round(t.hz).toLocaleString('en')} ± ${t.rme.toFixed(1)} %`,
    (t.p99Ms * 1000).toFixed(0),
  ]);
  return [
    '### Decoder and formatter throughput',
    '',
    "The packages' own vitest benches (`packages/decoder/src/decode.bench.ts`, " +
      '`packages/format/src/format.bench.ts`): cards decoded, documents written per second, on one core.',
    '',
    table(['Bench', 'Case', 'Per second at the median', 'Mean per second ± rme', 'p99 µs'], rows),
    ...r.throughputErrors.map((e) => `\n${e}`),
  ].join('\n');
}

export function startupSection(r: BenchResults): string {
  if (r.cliMissing && r.startup.length === 0) {
    return `### CLI start-up\n\nNot measured: ${r.cliMissing}. The bench runs \`openvitale --version\` and \`openvitale read --transport demo\` as soon as packages/cli is on main.`;
  }
  const rows = r.startup.map((s) => [
    `\`${s.command}\``,
    s.wall ? ms(s.wall) : (s.error ?? ''),
    `< ${s.targetMs}`,
    verdict(s.wall ? s.wall.median < s.targetMs : undefined),
  ]);
  return [
    '### CLI start-up',
    '',
    'Wall time of the whole `node packages/cli/<bin>` process, after two warm-up runs.',
    '',
    table(['Command', 'ms', 'Target ms', 'Goal'], rows),
  ].join('\n');
}

export function memorySection(r: BenchResults): string {
  const m = r.memory;
  if (m.samples.length === 0) return `### Watch memory\n\nNot measured: ${m.error ?? 'no sample'}.`;
  const change = growth(m.samples, 1000);
  const rows = m.samples
    .filter((s) => s.reads === 1000 || s.reads === 5000 || s === m.samples.at(-1))
    .map((s) => [s.reads.toLocaleString('en'), mib(s.heapUsed), mib(s.rss)]);
  return [
    '### Watch memory',
    '',
    '`watchCards` over an in-process `VirtualTransportProvider`, the card (vitale2-family) inserted and ' +
      `removed for every read, in a process of its own run with \`--expose-gc\`; two full GCs before each sample. ` +
      `${m.samples.at(-1)?.reads.toLocaleString('en')} reads took ${(m.ms / 1000).toFixed(1)} s.`,
    '',
    table(['Reads', 'Heap used', 'RSS'], rows),
    '',
    change
      ? `Growth from 1,000 to ${m.samples.at(-1)?.reads.toLocaleString('en')} reads: heap ${(change.heap / 1024).toFixed(0)} KiB, RSS ${(change.rss / 1024).toFixed(0)} KiB.`
      : '',
  ].join('\n');
}

export function durationSection(r: BenchResults): string {
  const tool = `${(r.toolMs / 1000).toFixed(0)} s`;
  return [
    '### Duration',
    '',
    r.pnpmBenchMs === undefined
      ? `This tool's run took ${tool} (run alone, not under \`pnpm bench\`).`
      : `The whole \`pnpm bench\` (every package's bench through turbo, this tool last) took ` +
        `${(r.pnpmBenchMs / 1000).toFixed(0)} s up to the writing of this file; this tool's part: ${tool}.`,
  ].join('\n');
}

/** Every generated section, in order; `analysis` is the reasoned part about missed goals. */
export function resultsMarkdown(r: BenchResults, analysis: string): string {
  return [
    machineSection(r),
    goalsSection(r),
    analysis,
    readsSection(r),
    cardpeekSection(r),
    watchSection(r),
    twoReadersSection(r),
    throughputSection(r),
    startupSection(r),
    memorySection(r),
    durationSection(r),
  ]
    .filter((s) => s.trim() !== '')
    .join('\n\n');
}
