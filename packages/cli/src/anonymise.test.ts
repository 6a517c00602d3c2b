import { readFileSync } from 'node:fs';
import { type Card, decodeCard } from '@openvitale/decoder';
import { readCard, readIdentification } from '@openvitale/reader';
import { formatTrace, ReplayTransport, recordTrace, type Trace } from '@openvitale/transport';
import { loadProfile, openVirtualCard } from '@openvitale/virtual-card';
import { describe, expect, it } from 'vitest';
import { anonymiseTrace } from './anonymise.js';

const fixture = (name: string) => new URL(`../../../fixtures/cards/${name}.json`, import.meta.url);
const SALT = new Uint8Array(32).fill(7);

async function traced(name: string, full = false): Promise<{ trace: Trace; card: Card }> {
  const transport = await openVirtualCard(await loadProfile(fixture(name)));
  const recording = recordTrace(transport);
  const read = await (full ? readCard : readIdentification)(transport);
  return { trace: recording.stop(), card: read.card };
}

async function replayed(trace: Trace, full = false): Promise<Card> {
  const transport = new ReplayTransport(trace);
  const read = await (full ? readCard : readIdentification)(transport);
  await transport.close();
  return read.card;
}

const values = (card: Card) =>
  card.persons.flatMap((p) => [p.surname?.value, p.givenName?.value, p.birthDate?.raw, p.nir?.value.raw]);

const PROFILES = [
  'vitale2-single',
  'vitale2-family',
  'vitale2-accents-long-names',
  'vitale2-corsica',
  'vitale2-overseas-abroad',
  'vitale2-lunar-dates',
  'vitale2-provisional-nir',
  'vitale2-wrong-key',
  'vitale2-large-files',
  'vitale2-long-lengths',
  'vitale2-layout-fci-get-response',
  'vitale2-layout-sfi',
];

describe('anonymiseTrace', () => {
  it.each(PROFILES)(
    '%s: no identifying value is left, and the trace replays with the same shape',
    async (name) => {
      for (const full of [false, true]) {
        const { trace, card } = await traced(name, full);
        const { trace: out } = anonymiseTrace(trace, card, { salt: SALT });
        const text = Buffer.from(formatTrace(out).replace(/[^0-9A-F]/g, ''), 'hex').toString('latin1');
        const fake = await replayed(out, full);
        expect(fake.persons).toHaveLength(card.persons.length);
        expect(fake.diagnostics.map((d) => d.code)).toEqual(card.diagnostics.map((d) => d.code));
        for (const [i, real] of card.persons.entries()) {
          const person = fake.persons[i]!;
          for (const key of ['surname', 'givenName', 'birthDate', 'nir'] as const) {
            expect(person[key]?.length, key).toBe(real[key]?.length);
            if (real[key] && real[key].raw.length >= 2) expect(person[key]!.raw).not.toEqual(real[key].raw);
          }
          if (real.nir) {
            const [realNir, fakeNir] = [real.nir.value, person.nir!.value];
            expect(fakeNir.keyValid).toBe(realNir.keyValid);
            expect(fakeNir.provisional).toBe(realNir.provisional);
            expect(fakeNir.placeKind).toBe(realNir.placeKind);
            expect(fakeNir.birthMonth === null).toBe(realNir.birthMonth === null);
          }
          if (real.birthDate) expect(person.birthDate!.value.lunar).toBe(real.birthDate.value.lunar);
        }
        for (const value of values(card)) {
          if (typeof value === 'string' && value.length >= 3) expect(text).not.toContain(value);
        }
      }
    },
  );

  it('maps a value to the same fake everywhere in a trace, and differently with another key', async () => {
    const { trace, card } = await traced('vitale2-family');
    const nirs = (c: Card) => c.persons.map((p) => p.nir?.value.raw);
    const surnames = (c: Card) => c.persons.map((p) => p.surname?.value);
    const fake = await replayed(anonymiseTrace(trace, card, { salt: SALT }).trace);
    const positions = (list: readonly unknown[]) => list.map((v) => list.indexOf(v));
    expect(positions(nirs(fake))).toEqual(positions(nirs(card)));
    expect(positions(surnames(fake))).toEqual(positions(surnames(card)));
    const again = await replayed(anonymiseTrace(trace, card, { salt: SALT }).trace);
    expect(nirs(again)).toEqual(nirs(fake));
    const other = await replayed(anonymiseTrace(trace, card, { salt: new Uint8Array(32) }).trace);
    expect(nirs(other)).not.toEqual(nirs(fake));
  });

  it('keeps a NIR and a birth date in agreement (the certified-NIR rule depends on it)', async () => {
    const { trace, card } = await traced('vitale2-single');
    const fake = await replayed(anonymiseTrace(trace, card).trace);
    const [real, person] = [card.persons[0]!, fake.persons[0]!];
    const agrees = (p: typeof real) =>
      p.nir!.value.raw.slice(1, 5) === p.birthDate!.value.raw?.toString().slice(2, 6) ||
      p.nir!.value.raw.slice(1, 5) === Buffer.from(p.birthDate!.raw).toString('latin1').slice(2, 6);
    expect(agrees(person)).toBe(agrees(real));
  });

  it('keeps a lunar day or month as 00', async () => {
    const { trace, card } = await traced('vitale2-lunar-dates');
    const fake = await replayed(anonymiseTrace(trace, card, { salt: SALT }).trace);
    for (const [i, real] of card.persons.entries()) {
      const [r, f] = [real.birthDate, fake.persons[i]!.birthDate];
      if (!r || !f) continue;
      const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');
      if (text(r.raw).slice(4, 6) === '00') expect(text(f.raw).slice(4, 6)).toBe('00');
      if (text(r.raw).slice(6, 8) === '00') expect(text(f.raw).slice(6, 8)).toBe('00');
    }
  });

  it('refuses a Vitale 1 card: its layout is not public', async () => {
    const { trace, card } = await traced('vitale1-scot', true);
    expect(() => anonymiseTrace(trace, card)).toThrow(/Vitale 1 trace cannot be anonymised/);
  });

  it('leaves a trace without persons unchanged', () => {
    const card = decodeCard({ atr: Uint8Array.of(0x3b), generation: 'not-vitale' }).value;
    const trace: Trace = { version: 1, records: [{ kind: 'comment', text: 'x' }] };
    expect(anonymiseTrace(trace, card).trace).toEqual(trace);
  });

  it('the fixture values really are in the raw trace (the test above would pass vacuously otherwise)', async () => {
    const { trace } = await traced('vitale2-single');
    const profile = JSON.parse(readFileSync(fixture('vitale2-single'), 'utf8')) as {
      persons: { nir: string }[];
    };
    expect(formatTrace(trace)).toContain(
      Buffer.from(profile.persons[0]!.nir, 'latin1').toString('hex').toUpperCase().match(/../g)!.join(' '),
    );
  });
});
