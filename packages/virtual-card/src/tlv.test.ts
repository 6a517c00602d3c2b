import { fromHex, toHex } from '@openvitale/transport';
import { describe, expect, it } from 'vitest';
import { checkTag, constructed, encodeLength, tlv } from './tlv.js';

const hex = (bytes: Uint8Array) => toHex(bytes, ' ');

describe('BER-TLV encoder', () => {
  it.each([
    [0, false, '00'],
    [127, false, '7F'],
    [128, false, '81 80'],
    [255, false, '81 FF'],
    [256, false, '82 01 00'],
    [70000, false, '83 01 11 70'],
    [5, true, '81 05'],
    [300, true, '82 01 2C'],
  ])('length %i (long form forced: %s) → %s', (length, longLengths, expected) => {
    expect(hex(encodeLength(length, { longLengths }))).toBe(expected);
  });

  it('encodes primitive, multi-byte and constructed tags', () => {
    expect(hex(tlv(fromHex('80'), fromHex('4142')))).toBe('80 02 41 42');
    expect(hex(tlv(fromHex('7F21'), fromHex('00')))).toBe('7F 21 01 00');
    expect(hex(constructed(fromHex('65'), [tlv(fromHex('80'), fromHex('41'))]))).toBe('65 03 80 01 41');
    expect(
      hex(
        constructed(fromHex('65'), [tlv(fromHex('80'), fromHex('41'), { longLengths: true })], {
          longLengths: true,
        }),
      ),
    ).toBe('65 81 04 80 81 01 41');
  });

  it('rejects malformed tags and lengths', () => {
    expect(() => checkTag(fromHex('8081'))).toThrow(/low tag number/);
    expect(() => checkTag(fromHex('9F'))).toThrow(/second byte/);
    expect(() => checkTag(fromHex('9F8001'.slice(0, 4)))).toThrow(/bit 8/);
    expect(() => checkTag(new Uint8Array(0))).toThrow(/at least one byte/);
    expect(() => encodeLength(-1)).toThrow(expect.objectContaining({ code: 'INVALID_TLV' }));
  });
});
