/**
 * docs/performance.md keeps what people wrote (the APDU section) above a
 * marker, and the bench's latest results below it: each run replaces only
 * what follows the marker.
 */
export const MARKER =
  '<!-- Everything below is written by `pnpm bench` (tools/bench): edit tools/bench, not this. -->';

export function spliceResults(document: string, results: string): string {
  const at = document.indexOf(MARKER);
  const kept = (at === -1 ? document : document.slice(0, at)).trimEnd();
  return `${kept}\n\n${MARKER}\n\n${results.trim()}\n`;
}
