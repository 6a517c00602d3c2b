import { describe, expect, it } from 'vitest';
import { type AtrKind, classifyAtr } from './atr.js';
import { fromHex } from './hex.js';

const cases: readonly [atr: string, kind: AtrKind, why: string][] = [
  ['3B 75 13 00 00 43 09 EA 90 00', 'vitale-2', 'Vitale 2, historical byte 43'],
  ['3B 75 13 00 00 4C 09 EA 90 00', 'vitale-2', 'Vitale 2, historical byte 4C'],
  ['3B 75 13 00 00 45 09 FA 90 00', 'vitale-2', 'Vitale 2 variant FA'],
  ['3B 75 13 00 00 50 09 EA 90 00', 'vitale-2', 'an unseen maker byte still matches the rule'],
  ['3F 65 25 00 22 09 F9 90 00', 'vitale-1', 'Vitale 1'],
  ['3F 65 25 00 A4 09 6A 90 00', 'vitale-1', 'Vitale 1, A4'],
  ['3F 65 25 00 2B 09 EB 90 00', 'unknown', 'Bull Scot 5 shares the prefix: not Vitale'],
  ['3B AC 00 40 2A 00 12 25 00 64 80 00 03 10 00 90 00', 'cps', 'older CPS'],
  ['3B 8F 80 01 00 31 B8 64 04 B0 EC C1 73 94 01 80 82 90 00 0E', 'cps', 'CPS3 contactless'],
  ['3B DC 18 FF 00 00 12 25 00 64 80 00 04 01 00 90 00', 'cps', 'CPS4'],
  ['3B 75 13 00 00 45 09 EA 90 00 00', 'unknown', 'a longer ATR is not a prefix match'],
  ['', 'unknown', 'no ATR'],
];

describe('classifyAtr', () => {
  it.each(cases)('%s → %s (%s)', (atr, kind) => {
    expect(classifyAtr(fromHex(atr))).toBe(kind);
  });
});
