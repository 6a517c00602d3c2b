import { toHex } from './hex.js';

/** What an ATR says the card is. A reader confirms with SELECT MF_VITALE (Vitale 2) or `BC C0` (Vitale 1). */
export type AtrKind = 'vitale-2' | 'vitale-1' | 'cps' | 'unknown';

/**
 * ATR patterns from the pcsc-tools list [H]: upper-case hex, `.` matches any
 * nibble, `(a|b)` either byte. Whole-ATR matches only: other Bull CP8 cards share `3F 65 25 00`
 * (the Bull Scot 5, `3F 65 25 00 2B 09 EB 90 00`, is not a Vitale card).
 */
export const ATR_PATTERNS: Readonly<Record<Exclude<AtrKind, 'unknown'>, readonly string[]>> = {
  'vitale-2': ['3B751300 00..09.A9000'],
  'vitale-1': ['3F652500 (22|2C)09(F9|69)9000', '3F652500 (52|A3|A4)096A9000'],
  cps: [
    '3BAC00402A00122500648000031000 9000',
    '3BAC00402A00122500648082021200 9000',
    '3B8F800100 31B86404B0ECC17394018082 90000E',
    '3BDC18FF0000122500648000040100 9000',
  ],
};

const COMPILED = Object.entries(ATR_PATTERNS).flatMap(([kind, patterns]) =>
  patterns.map((pattern) => ({
    kind: kind as AtrKind,
    regex: new RegExp(`^${pattern.replace(/\s/g, '')}$`),
  })),
);

/** Classifies an ATR by the known patterns. */
export function classifyAtr(atr: Uint8Array): AtrKind {
  const hex = toHex(atr);
  return COMPILED.find(({ regex }) => regex.test(hex))?.kind ?? 'unknown';
}
