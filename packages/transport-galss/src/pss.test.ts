import { ApduFormatError, fromHex, toHex } from '@openvitale/transport';
import { describe, expect, it } from 'vitest';
import {
  cardCommandRequest,
  parsePssResponse,
  planTpdu,
  powerOffRequest,
  powerOnRequest,
  presenceRequest,
} from './pss.js';

const hex = (bytes: Uint8Array) => toHex(bytes, ' ');

describe('PSS requests', () => {
  it('frames presence, power on and power off keeping the card', () => {
    expect(hex(presenceRequest(2))).toBe('00 02 16');
    expect(hex(powerOnRequest(2))).toBe('00 02 14');
    expect(hex(powerOffRequest(1))).toBe('00 01 15 01');
  });

  // [raw APDU, expected PSS request for LAD 2 counter 7, why]
  const cases: [string, string, string][] = [
    [
      '00A4040C0BD250000002564954414C45',
      '00 02 00 07 00 A4 04 0C 0B D2 50 00 00 02 56 49 54 41 4C 45',
      'case 3: data in, P3 = Lc',
    ],
    [
      '00A404000BD250000002564954414C4500',
      '00 02 00 07 00 A4 04 00 0B D2 50 00 00 02 56 49 54 41 4C 45',
      'case 4: data in, Le dropped (the card answers 61xx)',
    ],
    ['00B0820000', '00 02 01 07 00 B0 82 00 00', 'case 2, Le 256: data out, P3 = 00'],
    ['00C000001E', '00 02 01 07 00 C0 00 00 1E', 'GET RESPONSE: data out'],
    ['BCB0020020', '00 02 01 07 BC B0 02 00 20', 'Vitale 1 read: data out, CLA kept'],
    ['00700000', '00 02 00 07 00 70 00 00 00', 'case 1: data in, P3 = 0'],
  ];
  it.each(cases)('%s → %s (%s)', (apdu, request) => {
    expect(hex(cardCommandRequest(2, 7, planTpdu(fromHex(apdu))))).toBe(request);
  });

  it('refuses what T=0 cannot carry: extended lengths', () => {
    expect(() => planTpdu(fromHex('00B00000000200'))).toThrow(ApduFormatError);
    expect(() => planTpdu(Uint8Array.of(0, 0xd6, 0, 0, 0, 1, 0, ...new Uint8Array(256)))).toThrow(
      ApduFormatError,
    );
  });

  it('refuses a malformed APDU before anything is sent', () => {
    expect(() => planTpdu(fromHex('00A4'))).toThrow(ApduFormatError);
  });
});

describe('PSS responses', () => {
  it('splits CR, card state, counter and data', () => {
    const r = parsePssResponse(fromHex('00 03 05 3B 75 13 00'));
    expect([r.cr, r.cardState, r.counter, hex(r.data)]).toEqual([0, 3, 5, '3B 75 13 00']);
  });

  it('reads a one-byte answer as a refusal: CR only', () => {
    expect(parsePssResponse(Uint8Array.of(0x02))).toMatchObject({ cr: 2, cardState: -1, counter: -1 });
    expect(parsePssResponse(new Uint8Array(0))).toMatchObject({ cr: -1 });
  });
});
