import { fromHex } from '@openvitale/transport';
import { describe, expect, it } from 'vitest';
import { offeredProtocols } from './atr.js';

describe('offeredProtocols', () => {
  it.each([
    ['3B 75 13 00 00 45 09 EA 90 00', { t0: true, t1: false }, 'Vitale 2: TA1 TB1 TC1, no TD1'],
    ['3F 65 25 00 2C 09 69 90 00', { t0: true, t1: false }, 'Vitale 1: TB1 TC1, no TD1'],
    ['3B DC 18 FF 00 00 12 25 00 64 80 00 04 01 00 90 00', { t0: true, t1: false }, 'TD1 = 00: T=0'],
    [
      '3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A',
      { t0: true, t1: true },
      'TD1 = 80 (T=0), TD2 = 01 (T=1)',
    ],
    [
      '3B 9F 95 81 31 FE 9F 00 66 46 53 05 01 00 11 71 DF 00 00 00 00 00 00',
      { t0: false, t1: true },
      'TD1 = 81, TD2 = 31: T=1 only',
    ],
    ['3B', { t0: true, t1: true }, 'too short to say: ask for both'],
  ])('%s', (hex, expected, _why) => {
    expect(offeredProtocols(fromHex(hex))).toEqual(expected);
  });
});
