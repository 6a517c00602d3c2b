import { toHex } from '@openvitale/transport';

/**
 * Card families by ATR, from the pcsc-tools ATR list as summarised in the
 * domain brief (vitale-card.md §2) [H for the listed values]. Patterns are
 * matched on the whole ATR, never on a prefix: other Bull CP8 cards share
 * `3F 65 25 00`. In a pattern `.` is any hex digit.
 */
export type AtrFamily = 'vitale-2' | 'vitale-1' | 'cps' | 'contactless' | 'unknown';

export interface AtrPattern {
  readonly family: Exclude<AtrFamily, 'unknown' | 'contactless'>;
  readonly pattern: string;
  readonly label: string;
}

export const ATR_PATTERNS: readonly AtrPattern[] = [
  // Seen: 43 to 4C in byte 6, EA or FA in byte 8. The rule keeps unknown makers' variants [M].
  { family: 'vitale-2', pattern: '3B 75 13 00 00 .. 09 .A 90 00', label: 'Vitale 2' },
  { family: 'vitale-1', pattern: '3F 65 25 00 22 09 F9 90 00', label: 'Vitale 1' },
  { family: 'vitale-1', pattern: '3F 65 25 00 22 09 69 90 00', label: 'Vitale 1' },
  { family: 'vitale-1', pattern: '3F 65 25 00 2C 09 F9 90 00', label: 'Vitale 1' },
  { family: 'vitale-1', pattern: '3F 65 25 00 2C 09 69 90 00', label: 'Vitale 1' },
  { family: 'vitale-1', pattern: '3F 65 25 00 52 09 6A 90 00', label: 'Vitale 1' },
  { family: 'vitale-1', pattern: '3F 65 25 00 A3 09 6A 90 00', label: 'Vitale 1' },
  { family: 'vitale-1', pattern: '3F 65 25 00 A4 09 6A 90 00', label: 'Vitale 1' },
  { family: 'cps', pattern: '3B AC 00 40 2A 00 12 25 00 64 80 00 03 10 00 90 00', label: 'CPS (older generation)' },
  { family: 'cps', pattern: '3B AC 00 40 2A 00 12 25 00 64 80 82 02 12 00 90 00', label: 'CPS (older generation)' },
  { family: 'cps', pattern: '3B 8F 80 01 00 31 B8 64 04 B0 EC C1 73 94 01 80 82 90 00 0E', label: 'CPS3 (contactless)' },
  { family: 'cps', pattern: '3B DC 18 FF 00 00 12 25 00 64 80 00 04 01 00 90 00', label: 'CPS4' },
];

export interface AtrMatch {
  readonly family: AtrFamily;
  readonly label: string;
}

export function matchesAtrPattern(atr: Uint8Array, pattern: string): boolean {
  const want = pattern.replace(/\s/g, '').toUpperCase();
  const have = toHex(atr);
  return want.length === have.length && [...want].every((c, i) => c === '.' || c === have[i]);
}

/**
 * PC/SC part 3 (§3.1.3.2.3) builds a pseudo-ATR for contactless cards:
 * `3B 8n 80 01` + historical bytes + TCK. A Vitale card is read in a
 * contact slot, so such a slot is skipped [H for the structure].
 */
export function isContactlessAtr(atr: Uint8Array): boolean {
  return atr.length >= 5 && atr[0] === 0x3b && (atr[1]! & 0xf0) === 0x80 && atr[2] === 0x80 && atr[3] === 0x01;
}

export function classifyAtr(atr: Uint8Array): AtrMatch {
  const known = ATR_PATTERNS.find((p) => matchesAtrPattern(atr, p.pattern));
  if (known) return { family: known.family, label: known.label };
  if (isContactlessAtr(atr)) return { family: 'contactless', label: 'a card in a contactless slot' };
  return { family: 'unknown', label: 'an unknown card' };
}
