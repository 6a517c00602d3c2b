import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createCard } from './cards/create.js';
import type { Vitale2Profile } from './profile.js';
import { BUNDLED_PROFILES, bundledProfile } from './profiles.js';
import { FIXTURES_DIR, fixture, fixtureNames } from './test-support/fixtures.js';

function nirKeyOk(nir: string): boolean {
  const n = BigInt(nir.slice(0, 13).replace('2A', '19').replace('2B', '18'));
  return Number(97n - (n % 97n)) === Number(nir.slice(13));
}

describe('fixture profiles', async () => {
  const names = await fixtureNames();

  it('has at least twelve, each valid, described, with what it exercises, and buildable', async () => {
    expect(names.length).toBeGreaterThanOrEqual(12);
    for (const name of names) {
      const profile = await fixture(name);
      expect(profile.description.length, name).toBeGreaterThan(10);
      expect(profile.exercises.length, name).toBeGreaterThan(0);
      expect(() => createCard(profile), name).not.toThrow();
    }
  });

  it('covers every card type and every named layout', async () => {
    const profiles = await Promise.all(names.map(fixture));
    expect(new Set(profiles.map((p) => p.type))).toEqual(new Set(['vitale2', 'vitale1', 'cps', 'unknown']));
    const layouts = new Set(
      profiles.flatMap((p) => (p.type === 'vitale2' && typeof p.layout === 'string' ? [p.layout] : [])),
    );
    for (const layout of ['discovery', 'sfi', 'fci-get-response', 'select-00-only', 'select-0C-only']) {
      expect(layouts.has(layout as never), layout).toBe(true);
    }
  });

  it('has valid NIR keys (2A → 19, 2B → 18) except on the wrong-key card', async () => {
    for (const name of names) {
      const profile = await fixture(name);
      if (profile.type !== 'vitale2') continue;
      for (const person of profile.persons)
        expect(nirKeyOk(person.nir), `${name} ${person.nir}`).toBe(name !== 'vitale2-wrong-key');
    }
    expect(nirKeyOk('253072B07300470') && nirKeyOk('253072A07300443') && nirKeyOk('295109912611193')).toBe(
      true,
    );
  });

  it('covers Corsica, overseas, abroad, provisional NIRs, lunar dates and non-ASCII Latin-1', async () => {
    const persons = (await Promise.all(names.map(fixture))).flatMap((p) =>
      p.type === 'vitale2' ? (p as Vitale2Profile).persons : [],
    );
    const nirs = persons.map((p) => p.nir);
    expect(nirs.some((n) => n.slice(5, 7) === '2A')).toBe(true);
    expect(nirs.some((n) => n.slice(5, 7) === '2B')).toBe(true);
    expect(nirs.some((n) => n.slice(5, 7) === '97')).toBe(true);
    expect(nirs.some((n) => n.slice(5, 7) === '99')).toBe(true);
    expect(nirs.some((n) => '3478'.includes(n[0]!))).toBe(true);
    expect(persons.some((p) => p.birthDate.endsWith('00'))).toBe(true);
    expect(persons.some((p) => p.birthDate.slice(4, 6) === '00')).toBe(true);
    expect(persons.some((p) => /[\u0080-\u00ff]/.test(p.nom + p.prenom))).toBe(true);
  });

  it('ships only the demo profile in the package, and keeps no copy of it among the fixtures', async () => {
    expect(BUNDLED_PROFILES).toEqual(['demo']);
    const demo = JSON.stringify(await bundledProfile('demo'));
    for (const name of names) {
      const text = JSON.stringify(JSON.parse(await readFile(new URL(`${name}.json`, FIXTURES_DIR), 'utf8')));
      expect(text, name).not.toBe(demo);
    }
    expect(createCard(await bundledProfile('demo')).kind).toBe('vitale2');
  });
});
