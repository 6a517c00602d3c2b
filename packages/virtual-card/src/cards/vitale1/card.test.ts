import { describe, expect, it } from 'vitest';
import type { Vitale1Profile } from '../../profile.js';
import { fixture, hexCard } from '../../test-support/fixtures.js';
import { createCard } from '../create.js';

describe('Vitale 1', () => {
  const profile: Vitale1Profile = {
    type: 'vitale1',
    description: 'test',
    exercises: ['memory'],
    info: '0000000800000000',
    memory: { words: ['01234567', '89ABCDEF', 'C0000001'] },
  };

  it('has the inverse-convention ATR, class BC only and no SELECT', () => {
    const card = createCard(profile);
    const send = hexCard(card);
    expect(card.atr[0]).toBe(0x3f);
    expect(send('00 A4 04 00 0B D250000002564954414C45')).toBe('6E 00');
    expect(send('00 B0 00 00 04')).toBe('6E 00');
    expect(send('BC A4 00 00 02 3F 00')).toBe('6D 00');
    expect(send('BC CA 00 00 04')).toBe('6D 00');
  });

  it('answers BC C0 00 00 08 with 8 bytes + 90 00, 6C 08 to another Le', () => {
    const send = hexCard(createCard(profile));
    expect(send('BC C0 00 00 08')).toBe('00 00 00 08 00 00 00 00 90 00');
    expect(send('BC C0 00 00 10')).toBe('6C 08');
  });

  it('reads 32-bit words at nibble addresses (8 per word) from 0200', () => {
    const send = hexCard(createCard(profile));
    expect(send('BC B0 02 00 04')).toBe('01 23 45 67 90 00');
    expect(send('BC B0 02 08 08')).toBe('89 AB CD EF C0 00 00 01 90 00');
    expect(send('BC B0 02 00 0C')).toBe('01 23 45 67 89 AB CD EF C0 00 00 01 90 00');
    expect(send('BC B0 02 10 08')).toBe('6C 04');
    expect(send('BC B0 02 18 04')).toBe('6B 00');
    expect(send('BC B0 01 F8 04')).toBe('6B 00');
    expect(send('BC B0 02 04 04')).toBe('6A 86');
    expect(send('BC B0 02 00 03')).toBe('67 00');
  });

  it('refuses and counts writes with 6D 00 (BC) or 6E 00 (other classes)', () => {
    const card = createCard(profile);
    const send = hexCard(card);
    expect(send('BC D0 02 00 04 00000000')).toBe('6D 00');
    expect(send('BC 20 00 00 04 31323334')).toBe('6D 00');
    expect(send('00 20 00 00 04 31323334')).toBe('6E 00');
    expect(card.refused.map((r) => r.name)).toEqual(['WRITE BINARY', 'VERIFY', 'VERIFY']);
  });

  it('dumps the SCOT fixture from 0200 to ADMAX 2188 in 64-byte chunks', async () => {
    const send = hexCard(createCard(await fixture('vitale1-scot')));
    expect(send('BC C0 00 00 08')).toBe('21 88 02 00 02 88 00 01 90 00');
    let words = 0;
    for (let address = 0x200; address < 0x2188; address += 16 * 8) {
      const left = (0x2188 - address) / 8;
      const le = Math.min(16, left) * 4;
      const p1p2 = address.toString(16).padStart(4, '0');
      const answer = send(`BC B0 ${p1p2.slice(0, 2)} ${p1p2.slice(2)} ${le.toString(16).padStart(2, '0')}`);
      expect(answer.endsWith('90 00')).toBe(true);
      words += (answer.split(' ').length - 2) / 4;
    }
    expect(words).toBe((0x2188 - 0x200) / 8);
    expect(send('BC B0 21 88 04')).toBe('6B 00');
  });
});
