import { describe, expect, it } from 'vitest';
import { createCard } from '../cards/create.js';
import type { Vitale2Profile } from '../profile.js';
import { fixture, hexCard } from '../test-support/fixtures.js';

const VITALE = 'D250000002564954414C45';
const MF_VITALE = 'D2500000024D465F564954414C45';

const profile: Vitale2Profile = {
  type: 'vitale2',
  description: 'test',
  exercises: ['ISO behaviour'],
  persons: [{ nom: 'TEST', prenom: 'ANNE', birthDate: '19800101', nir: '280017511100145' }],
  cardData: { validityStart: '20200101' },
};

describe('ISO 7816-4 behaviour on T=0 (Vitale 2)', () => {
  it('answers 61 xx to a case-4 SELECT with or without its Le, then hands the FCI to GET RESPONSE', () => {
    const send = hexCard(createCard(profile));
    expect(send(`00 A4 04 00 0B ${VITALE} 00`)).toMatch(/^61 [0-9A-F]{2}$/);
    const withoutLe = send(`00 A4 04 00 0B ${VITALE}`);
    expect(withoutLe).toMatch(/^61 /);
    const length = withoutLe.slice(3);
    const fci = send(`00 C0 00 00 ${length}`);
    expect(fci.startsWith('6F')).toBe(true);
    expect(fci.endsWith('90 00')).toBe(true);
    // Nothing waits any more.
    expect(send(`00 C0 00 00 ${length}`)).toBe('69 85');
  });

  it('answers 6C xx to a GET RESPONSE asking for more, keeps the data, and chains 61 xx when asking for less', () => {
    const send = hexCard(createCard(profile));
    const sw = send(`00 A4 04 00 0B ${VITALE}`);
    const n = Number.parseInt(sw.slice(3), 16);
    expect(send('00 C0 00 00 FF')).toBe(`6C ${sw.slice(3)}`);
    const first = send('00 C0 00 00 04');
    expect(first.startsWith('6F')).toBe(true);
    expect(first.endsWith(`61 ${(n - 4).toString(16).toUpperCase().padStart(2, '0')}`)).toBe(true);
    expect(send(`00 C0 00 00 ${(n - 4).toString(16).padStart(2, '0')}`).endsWith('90 00')).toBe(true);
  });

  it('drops a waiting answer when another command comes', () => {
    const send = hexCard(createCard(profile));
    send(`00 A4 04 00 0B ${VITALE}`);
    send(`00 A4 04 0C 0B ${VITALE}`);
    expect(send('00 C0 00 00 10')).toBe('69 85');
  });

  it('answers SELECT P2 0C with 90 00 and no data', () => {
    const send = hexCard(createCard(profile));
    expect(send(`00 A4 04 0C 0B ${VITALE}`)).toBe('90 00');
    expect(send(`00 A4 04 0C 0B ${VITALE} 00`)).toBe('90 00');
  });

  it('answers 6A 82 to a missing file or AID, 6A 86 to wrong P1-P2, 6D 00 / 6E 00 to unknown INS / class', () => {
    const send = hexCard(createCard(profile));
    expect(send('00 A4 04 0C 05 D250000099')).toBe('6A 82');
    expect(send('00 A4 02 0C 02 12 34')).toBe('6A 82');
    expect(send(`00 A4 04 04 0B ${VITALE}`)).toBe('6A 86');
    expect(send('00 A4 08 0C 02 3F 00')).toBe('6A 86');
    expect(send('00 CA 9F 7F 00')).toBe('6D 00');
    expect(send('80 CA 9F 7F 00')).toBe('6E 00');
    expect(send('BC C0 00 00 08')).toBe('6E 00');
    expect(send('00 A4 02 0C 01 20')).toBe('67 00');
  });

  it('READ BINARY: 69 86 without a current EF, 6B 00 at or past the end, data + 62 82 on a short read, 6A 86 on a bad SFI P1', () => {
    const send = hexCard(createCard(profile));
    expect(send('00 B0 00 00 10')).toBe('69 86');
    send(`00 A4 04 0C 0B ${VITALE}`);
    send('00 A4 02 0C 02 D0 02');
    const nir = send('00 B0 00 00 00');
    expect(nir.endsWith('62 82')).toBe(true);
    const size = (nir.split(' ').length - 2).toString(16).padStart(4, '0');
    expect(send(`00 B0 ${size.slice(0, 2)} ${size.slice(2)} 01`)).toBe('6B 00');
    expect(send('00 B0 00 00 02')).toBe('65 11 90 00');
    expect(send('00 B0 00 02 02')).toBe('93 0F 90 00');
    // A 4-byte READ BINARY is P3 = 00 on T=0: Le 256.
    expect(send('00 B0 00 00')).toBe(nir);
    expect(send('00 B0 A2 00 00')).toBe('6A 86');
    expect(send('00 B0 80 00 00')).toBe('6A 86');
    expect(send('00 B0 9E 00 00')).toBe('6A 82');
  });

  it('keeps the selection per application and loses it on reset and power-off', () => {
    const card = createCard(profile);
    const send = hexCard(card);
    send(`00 A4 04 0C 0B ${VITALE}`);
    expect(send('00 B0 82 00 00').startsWith('65 11 93')).toBe(true);
    send(`00 A4 04 0C 0E ${MF_VITALE}`);
    expect(send('00 B0 82 00 00').startsWith('65 ')).toBe(true);
    expect(send('00 B0 82 00 00')).not.toContain('93 0F');
    send('00 A4 02 0C 02 D0 01');
    card.reset();
    expect(send('00 B0 00 00 10')).toBe('69 86');
    send(`00 A4 04 0C 0B ${VITALE}`);
    send('00 A4 02 0C 02 D0 02');
    card.powerOff();
    expect(send('00 B0 00 00 10')).toBe('69 86');
    // After reset the MF is current again: its SFI 2 is the identity file.
    expect(send('00 B0 82 00 03')).toMatch(/^65 .. 80 90 00$/);
  });

  it('selects the MF by 3F00 or empty data, a DF by FID, the parent DF, and SELECT P1 02 finds EFs only', () => {
    const send = hexCard(createCard(profile));
    expect(send('00 A4 00 0C 02 20 00')).toBe('90 00');
    expect(send('00 A4 02 0C 02 20 01')).toBe('90 00');
    expect(send('00 A4 03 0C')).toBe('90 00');
    expect(send('00 A4 02 0C 02 20 00')).toBe('6A 82');
    expect(send('00 A4 01 0C 02 20 00')).toBe('90 00');
    expect(send('00 A4 00 0C')).toBe('90 00');
    expect(send('00 A4 00 00 02 3F 00')).toMatch(/^61 /);
  });

  it('refuses and counts every write, PIN and authentication command, whatever the class', () => {
    const card = createCard(profile);
    const send = hexCard(card);
    const refused = [
      '00 20 00 01 04 31 32 33 34',
      '00 21 00 01 04 31 32 33 34',
      '00 22 41 A4 03 83 01 01',
      '00 24 00 01 08 3132333435363738',
      '00 2C 00 01',
      '00 82 00 00 08 0102030405060708',
      '00 84 00 00 08',
      '00 86 00 00 02 7C 00',
      '00 88 00 00 08 0102030405060708',
      '00 D0 00 00 01 00',
      '00 D6 00 00 01 00',
      '00 DC 01 04 01 00',
      '00 E2 00 00 01 00',
      '00 E0 00 00 02 62 00',
      '00 E4 00 00 02 D0 01',
      '00 0E 00 00 02 00 10',
      '80 20 00 00 00',
    ];
    expect(card.refused).toHaveLength(0);
    for (const command of refused) expect(['69 82', '6E 00']).toContain(send(command));
    expect(card.refused).toHaveLength(refused.length);
    expect(card.refused[0]).toMatchObject({ name: 'VERIFY', sw: 0x6982 });
    expect(card.refused.at(-1)).toMatchObject({ name: 'VERIFY', sw: 0x6e00 });
    // Reads are not counted, and the count survives a reset.
    send('00 B0 00 00 01');
    card.reset();
    expect(card.refused).toHaveLength(refused.length);
  });

  it('answers 67 00 to a malformed command', () => {
    expect(hexCard(createCard(profile))('00 A4 04 00 0B D2 50')).toBe('67 00');
  });
});

describe('cards that are not Vitale', () => {
  it.each(['cps', 'unknown-bull-scot5'])('%s answers 6A 82 to both Vitale AIDs', async (name) => {
    const card = createCard(await fixture(name));
    const send = hexCard(card);
    expect(send(`00 A4 04 00 0E ${MF_VITALE} 00`)).toBe('6A 82');
    expect(send(`00 A4 04 0C 0B ${VITALE}`)).toBe('6A 82');
    expect(send('00 B0 82 00 00')).toBe('6A 82');
    expect(send('BC C0 00 00 08')).toBe('6E 00');
    expect(card.kind).toBe(name === 'cps' ? 'cps' : 'unknown');
  });
});
