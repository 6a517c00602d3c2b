import { toHex } from './hex.js';

/** What an ATR says the card is. A reader confirms with SELECT MF_VITALE (Vitale 2) or `BC C0` (Vitale 1). */
export type AtrKind = 'vitale-2' | 'vitale-1' | 'cps' | 'unknown';

/**
 * ATR patterns from the pcsc-tools list [H]: upper-case hex, `.` matches any
 * nibble. Whole-ATR matches only: other Bull CP8 cards share `3F 65 25 00`
 * (the Bull Scot 5, `3F 65 25 00 2B 09 EB 90 00`, is not a Vitale card).
 */
export const ATR_PATTERNS: readonly {
  readonly pattern: string;
  readonly kind: Exclude<AtrKind, 'unknown'>;
}[] = [
  { pattern: '3B751300 00..09.A9000', kind: 'vitale-2' },
  { pattern: '3F652500 2209F99000', kind: 'vitale-1' },
  { pattern: '3F652500 2209699000', kind: 'vitale-1' },
  { pattern: '3F652500 2C09F99000', kind: 'vitale-1' },
  { pattern: '3F652500 2C09699000', kind: 'vitale-1' },
  { pattern: '3F652500 52096A9000', kind: 'vitale-1' },
  { pattern: '3F652500 A3096A9000', kind: 'vitale-1' },
  { pattern: '3F652500 A4096A9000', kind: 'vitale-1' },
  { pattern: '3BAC00402A00122500648000031000 9000', kind: 'cps' },
  { pattern: '3BAC00402A00122500648082021200 9000', kind: 'cps' },
  { pattern: '3B8F800100 31B86404B0ECC17394018082 90000E', kind: 'cps' },
  { pattern: '3BDC18FF0000122500648000040100 9000', kind: 'cps' },
];

const COMPILED = ATR_PATTERNS.map(({ pattern, kind }) => ({
  regex: new RegExp(`^${pattern.replace(/\s/g, '')}$`),
  kind,
}));

/** Classifies an ATR by the known patterns. */
export function classifyAtr(atr: Uint8Array): AtrKind {
  const hex = toHex(atr);
  return COMPILED.find(({ regex }) => regex.test(hex))?.kind ?? 'unknown';
}
