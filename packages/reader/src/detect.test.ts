import { fromHex } from '@openvitale/transport';
import { describe, expect, it } from 'vitest';
import { describeKind, isContactlessAtr, kindFromAtr } from './detect.js';

describe('kindFromAtr', () => {
  it.each([
    ['3B 75 13 00 00 43 09 EA 90 00', 'vitale-2'],
    ['3B 75 13 00 00 4C 09 EA 90 00', 'vitale-2'],
    ['3B 75 13 00 00 45 09 FA 90 00', 'vitale-2'],
    ['3F 65 25 00 22 09 F9 90 00', 'vitale-1'],
    ['3F 65 25 00 A4 09 6A 90 00', 'vitale-1'],
    ['3F 65 25 00 2B 09 EB 90 00', 'unknown'], // Bull Scot 5 shares the prefix: not Vitale
    ['3F 65 25 00 22 09 F9 90 00 00', 'unknown'], // a prefix match is no match
    ['3B DC 18 FF 00 00 12 25 00 64 80 00 04 01 00 90 00', 'cps'],
    ['3B 8F 80 01 00 31 B8 64 04 B0 EC C1 73 94 01 80 82 90 00 0E', 'cps'],
    ['3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A', 'contactless'],
    ['3B 02 14 50', 'unknown'],
  ])('%s is %s', (atr, kind) => {
    expect(kindFromAtr(fromHex(atr))).toBe(kind);
  });

  it('recognises the PC/SC contactless pseudo-ATR by structure', () => {
    expect(isContactlessAtr(fromHex('3B 88 80 01 00 00 00 00 00 00 00 00 09'))).toBe(true);
    expect(isContactlessAtr(fromHex('3B 75 13 00 00 45 09 EA 90 00'))).toBe(false);
  });

  it('describes a card for a person', () => {
    expect(describeKind('unknown', fromHex('3B0214 50'))).toBe(
      'an unknown card, not a Vitale card (ATR 3B 02 14 50)',
    );
    expect(describeKind('cps', new Uint8Array())).toMatch(/not a Vitale card/);
  });
});
