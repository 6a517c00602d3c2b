import { describe, expect, it } from 'vitest';
import { createCard } from './cards/create.js';
import { ProfileError } from './profile-error.js';
import { loadProfile } from './profiles.js';
import { parseProfile } from './validate.js';

const person = { nom: 'A', prenom: 'B', birthDate: '19800101', nir: '180017511100152' };
const base = { type: 'vitale2', description: 'd', exercises: ['e'], persons: [person] };

function errorOf(json: unknown): ProfileError {
  try {
    createCard(parseProfile(json));
  } catch (error) {
    if (ProfileError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('profile validation', () => {
  it.each([
    [null, '', /JSON object/],
    [{ ...base, type: 'vitale3' }, 'type', /not one of/],
    [{ ...base, description: '' }, 'description', /non-empty/],
    [{ ...base, exercises: [] }, 'exercises', /at least 1/],
    [{ ...base, persons: [] }, 'persons', /at least 1/],
    [{ ...base, persons: [{ ...person, nir: '18001751110015' }] }, 'persons[0].nir', /15 characters/],
    [{ ...base, persons: [{ ...person, nir: '18001' + '2C' + '11100152' }] }, 'persons[0].nir', /NIR/],
    [
      { ...base, persons: [person, { ...person, birthDate: '1980-01-01' }] },
      'persons[1].birthDate',
      /YYYYMMDD/,
    ],
    [{ ...base, persons: [{ ...person, nom: 'ŒUVRE' }] }, 'persons[0].nom', /"Œ" is not in ISO-8859-1/],
    [{ ...base, persons: [{ ...person, surname: 'X' }] }, 'persons[0].surname', /unknown field/],
    [
      { ...base, persons: [{ ...person, extra: [{ tag: '9F', text: 'x' }] }] },
      'persons[0].extra[0].tag',
      /second byte/,
    ],
    [{ ...base, persons: [{ ...person, extra: [{ tag: '90' }] }] }, 'persons[0].extra[0]', /exactly one/],
    [{ ...base, cardData: { validityStart: '2020' } }, 'cardData.validityStart', /YYYYMMDD/],
    [{ ...base, cardData: { validityStart: '20200101', certificate: 'ABC' } }, 'cardData.certificate', /hex/],
    [{ ...base, layout: 'rufus' }, 'layout', /not one of/],
    [{ ...base, atr: '00 11' }, 'atr', /TS = 3B/],
    [{ ...base, layout: { applications: [] } }, 'layout.applications', /at least 1/],
    [
      { ...base, layout: { applications: [{ name: 'X', aid: 'D250', files: [] }] } },
      'layout.applications[0].aid',
      /5 to 16/,
    ],
    [
      {
        ...base,
        layout: {
          applications: [
            {
              name: 'X',
              aid: 'D250000002',
              files: [
                { name: 'A', fid: 'D001', content: 'identity' },
                { name: 'B', fid: 'd001', content: 'nir' },
              ],
            },
          ],
        },
      },
      'layout.applications[0].files[1].fid',
      /same FID/,
    ],
    [
      {
        ...base,
        layout: {
          applications: [
            { name: 'X', aid: 'D250000002', files: [{ name: 'TOO-LONG-NAME', fid: 'D001', content: 'nir' }] },
          ],
        },
      },
      'layout.applications[0].files[0].name',
      /1 to 8 ASCII/,
    ],
    [
      {
        ...base,
        layout: {
          applications: [
            {
              name: 'X',
              aid: 'D250000002',
              files: [{ name: 'A', fid: 'D001', content: 'nir', persons: [1] }],
            },
          ],
        },
      },
      'layout.applications[0].files[0].persons[0]',
      /0 to 0/,
    ],
    [
      {
        ...base,
        layout: {
          applications: [
            { name: 'X', aid: 'D250000002', files: [{ name: 'A', fid: 'D001', content: 'nir', size: 4 }] },
          ],
        },
      },
      'layout.applications[0].files[0].size',
      /more than the size 4/,
    ],
    [
      { type: 'vitale1', description: 'd', exercises: ['e'], info: '00', memory: { words: [] } },
      'info',
      /expected 8/,
    ],
    [
      {
        type: 'vitale1',
        description: 'd',
        exercises: ['e'],
        info: '0000000000000000',
        memory: { words: ['123'] },
      },
      'memory.words[0]',
      /32-bit word/,
    ],
    [{ type: 'unknown', description: 'd', exercises: ['e'] }, 'atr', /needs its ATR/],
  ])('%j fails at %s', (json, path, message) => {
    const error = errorOf(json);
    expect(error.path).toBe(path);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(path || '(profile)');
  });

  it('names the file in errors from loadProfile', async () => {
    await expect(loadProfile('/nonexistent/card.json')).rejects.toThrow(
      /\/nonexistent\/card.json: \(profile\): cannot read/,
    );
  });
});
