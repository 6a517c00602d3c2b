import { growth } from './memory.js';
import { cardpeekRatios, floorRatios, goals, LIMITS } from './report/goals.js';
import type { BenchResults } from './results.js';

/** Where the time above the floor goes, per APDU, for one card's identification read. */
export function decomposition(r: BenchResults, name: string) {
  const s = r.profiles.find((x) => x.name === name)?.scopes.identification;
  if (!s || s.traffic.apdus === 0) return undefined;
  const n = s.traffic.apdus;
  return {
    apdus: n,
    floor: s.floorMs,
    wall: s.wall.median,
    inProcess: s.inProcess.median,
    emulatorPerApdu: (s.inProcess.median - s.floorMs) / n,
    stackPerApdu: (s.wall.median - s.inProcess.median) / n,
  };
}

function floorNote(r: BenchResults): string | undefined {
  const d = decomposition(r, 'vitale2-single');
  if (!d || floorRatios(r).every((f) => f.ratio < LIMITS.floorRatio)) return undefined;
  const stackOnly = r.stackOnly ? (r.stackOnly.wall.median / r.stackOnly.apdus).toFixed(2) : '?';
  return (
    `* **Wall / floor ≥ ${LIMITS.floorRatio}.** vitale2-single's identification read (${d.apdus} APDUs) takes ` +
    `${d.wall.toFixed(1)} ms against a floor of ${d.floor.toFixed(1)} ms. Two causes, measured apart. ` +
    `(1) **The emulator overshoots its own model**: the same read on the in-process virtual card, no pcscd, ` +
    `takes ${d.inProcess.toFixed(1)} ms, ${d.emulatorPerApdu.toFixed(2)} ms per APDU above the model: the card ` +
    'runner waits with `sleep()` of @openvitale/transport (setTimeout, whole ' +
    'milliseconds), which wakes up to ~1 ms late. That is the test rig, not the reader; closing it: the ' +
    "virtual card's timing wait against a `performance.now()` deadline, finishing the sub-millisecond rest " +
    `with \`setImmediate\` (virtual-card). (2) **The stack**: pcscd + vpcd + our transport add ` +
    `${d.stackPerApdu.toFixed(2)} ms per APDU on top (timing off: ${stackOnly} ms per APDU, the connect and ` +
    "the transaction included). On a real reader the model's 1 ms per APDU already stands for the USB " +
    "round trip, so vpcd's two TCP hops count twice here. Once (1) is fixed the identification read should " +
    `sit near ${((d.floor + d.stackPerApdu * d.apdus) / d.floor).toFixed(2)} × the floor.`
  );
}

function cardpeekNote(r: BenchResults): string | undefined {
  const peers = cardpeekRatios(r);
  const id = peers.filter((p) => p.identification > LIMITS.identificationVsCardpeek);
  const full = peers.filter((p) => p.full > LIMITS.fullVsCardpeek);
  if (id.length === 0 && full.length === 0) return undefined;
  const names = (list: typeof peers) => list.map((p) => p.name).join(', ');
  return (
    `* **Against cardpeek.** Identification above ${LIMITS.identificationVsCardpeek} × on: ${names(id) || 'none'}; ` +
    `full read slower on: ${names(full) || 'none'}. Both programs pay the same per-APDU costs on this rig, so ` +
    'the ratio follows the APDU counts and bytes in the tables: where our read needs discovery (a side ' +
    'reached through EF 2001, or GET RESPONSE on a card taking only SELECT P2 `00`), it sends as many ' +
    'APDUs as cardpeek. Closing it means fewer APDUs on those layouts (the reader package).'
  );
}

function twoReadersNote(r: BenchResults): string | undefined {
  const missed = r.twoReaders.filter((t) => t.ratio >= LIMITS.twoReaders);
  if (r.twoReadersError) return `* **Two readers.** No result: ${r.twoReadersError}.`;
  if (missed.length === 0) return undefined;
  const t = missed[0]!;
  return (
    `* **Two readers.** Both reads together take ${t.ratio.toFixed(2)} × the slower single read (${t.scope}): ` +
    `the two reads are partly serialised. The same code on two in-process virtual readers gives ` +
    `${t.inProcessRatio.toFixed(2)} ×, so ${t.inProcessRatio < LIMITS.twoReaders ? 'our reader and the transport contract do not serialise them; the PC/SC side does' : 'our own code serialises them'}` +
    ": candidates are the koffi binding (its calls run on libuv's thread pool: 4 threads, shared with " +
    'file and DNS work), pcscd (one context per provider) and vpcd (both slots served by one driver ' +
    'instance). To find which: the same measurement with two providers (two PC/SC contexts), then with ' +
    '`UV_THREADPOOL_SIZE=8`, then with two vpcd instances.'
  );
}

function memoryNote(r: BenchResults): string | undefined {
  const change = growth(r.memory.samples, 1000);
  if (!change || change.heap < LIMITS.heapGrowthBytes) return undefined;
  const reads = (r.memory.samples.at(-1)?.reads ?? 0) - 1000;
  return (
    `* **Watch memory.** The heap grows by ${(change.heap / 1024).toFixed(0)} KiB over ${reads.toLocaleString('en')} ` +
    `reads (${(change.heap / reads).toFixed(0)} bytes a read, after full GCs): something is kept per card. ` +
    'Suspects: listeners left on the provider or the transport (`onEvent` in the read, the watch queue), ' +
    'or records kept per insertion by the in-process provider. Closing it: a heap snapshot diff between ' +
    '1,000 and 10,000 reads (`node --expose-gc --heapsnapshot-signal`), then the fix in the package that holds them.'
  );
}

/** The reasoned part of the results: for each missed goal, why, with this run's figures, and what would close it. */
export function analysis(r: BenchResults): string {
  const missed = goals(r).filter((g) => g.met === false);
  if (missed.length === 0) return '### Missed goals\n\nNone in this run.';
  const notes = [floorNote(r), cardpeekNote(r), twoReadersNote(r), memoryNote(r)].filter(
    (n): n is string => n !== undefined,
  );
  return ['### Missed goals: why, and what would close them', '', ...notes].join('\n');
}
