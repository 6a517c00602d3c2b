import { floorRatios, goals } from './report/goals.js';
import type { BenchResults } from './results.js';

/** Where the time above the floor goes, per APDU, for one card's identification read. */
export function decomposition(r: BenchResults, name: string) {
  const p = r.profiles.find((x) => x.name === name);
  if (!p) return undefined;
  const s = p.scopes.identification;
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

/** The reasoned part of the results: for each missed goal, why, with this run's figures, and what would close it. */
export function analysis(r: BenchResults): string {
  const missed = goals(r).filter((g) => g.met === false);
  if (missed.length === 0) return '### Missed goals\n\nNone in this run.';
  const lines = ['### Missed goals: why, and what would close them', ''];
  const d = decomposition(r, 'vitale2-single');
  if (d && floorRatios(r).some((f) => f.ratio >= 1.1)) {
    lines.push(
      `* **Wall / floor.** vitale2-single's identification read (${d.apdus} APDUs) takes ${d.wall.toFixed(1)} ms ` +
        `against a floor of ${d.floor.toFixed(1)} ms. The in-process virtual card alone, same timing model, no ` +
        `pcscd, takes ${d.inProcess.toFixed(1)} ms: ${d.emulatorPerApdu.toFixed(2)} ms per APDU above the model, ` +
        `and pcscd + vpcd + our transport add ${d.stackPerApdu.toFixed(2)} ms per APDU on top` +
        (r.stackOnly
          ? ` (timing off: ${(r.stackOnly.wall.median / r.stackOnly.apdus).toFixed(2)} ms per APDU).`
          : '.'),
    );
  }
  for (const g of missed)
    if (!g.goal.startsWith('identification read: wall')) lines.push(`* **${g.goal}**: ${g.figure}.`);
  return lines.join('\n');
}
