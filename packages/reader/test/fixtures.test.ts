import { readdirSync } from 'node:fs';
import type { CardProfile } from '@openvitale/virtual-card';
import { describe, expect, it } from 'vitest';
import { readCard, readIdentification } from '../src/index.js';
import { cardIn, FIXTURES, profile as load } from './support.js';

const names = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

async function insert(name: string) {
  const { runner, open } = await cardIn(name);
  return { profile: await load(name), transport: await open(), runner };
}

function expectedPersons(profile: CardProfile) {
  if (profile.type !== 'vitale2') return [];
  return profile.persons.map((p) => ({
    nom: p.nom.trimEnd(),
    prenom: p.prenom.trimEnd(),
    birthDate: p.birthDate,
    nir: p.nir,
  }));
}

describe.each(names)('%s', (name) => {
  for (const read of [readIdentification, readCard]) {
    it(`${read.name} gives every person of the profile`, async () => {
      const { profile, transport, runner } = await insert(name);
      if (profile.type === 'cps' || profile.type === 'unknown') {
        await expect(read(transport)).rejects.toMatchObject({ code: 'NOT_VITALE' });
        return;
      }
      if (profile.type === 'vitale1' && read === readIdentification) {
        // No person can be decoded: a failure of its own, after the one confirming command.
        await expect(read(transport)).rejects.toMatchObject({
          code: 'LAYOUT_NOT_PUBLIC',
          message: expect.stringMatching(/data layout is not public/),
        });
        expect(runner.apduCount).toBe(1);
        return;
      }
      const result = await read(transport);
      const persons = result.card.persons.map((p) => ({
        nom: p.surname?.value,
        prenom: p.givenName?.value,
        birthDate: p.birthDate?.value.raw,
        nir: p.nir?.value.raw,
      }));
      expect(persons).toEqual(expectedPersons(profile));
      // No VERIFY, authentication or writing command ever reaches a Vitale card.
      expect(runner.refused).toEqual([]);
      expect(result.card.readScope).toBe(profile.type === 'vitale1' ? 'raw-memory' : 'administrative-only');
      expect(result.card.content).toBe(read === readIdentification ? 'identification' : 'full');
      expect(result.card.personsUnavailable?.reason ?? null).toBe(
        profile.type === 'vitale1' ? 'layout-not-public' : null,
      );
    });
  }
});
