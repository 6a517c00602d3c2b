import { describe, expect, it } from 'vitest';
import { concatBytes, equalBytes, fromHex, toHex } from './hex.js';

describe('hex', () => {
  it('parses with separators and formats upper case', () => {
    expect(toHex(fromHex('3b:75 13\n00'), ' ')).toBe('3B 75 13 00');
    expect(toHex(new Uint8Array(0))).toBe('');
  });

  it.each(['ABC', 'GG', '0x00'])('rejects %s', (text) => {
    expect(() => fromHex(text)).toThrow(expect.objectContaining({ code: 'INVALID_HEX' }));
  });

  it('concatenates and compares', () => {
    const joined = concatBytes(fromHex('01'), fromHex(''), fromHex('0203'));
    expect(toHex(joined)).toBe('010203');
    expect(equalBytes(joined, fromHex('010203'))).toBe(true);
    expect(equalBytes(joined, fromHex('0102'))).toBe(false);
    expect(equalBytes(joined, fromHex('010204'))).toBe(false);
  });
});
