import { describe, expect, it } from 'vitest';
import { matchName } from './names.js';

const RESOURCES = [
  { name: 'LECTCPS', aliases: ['TRANSPA1'] },
  { name: 'LECTVIT', aliases: ['TRANSPA2'] },
  { name: 'Gemalto USB 00 00' },
];
const names = (selector: string) => matchName(RESOURCES, selector).map((r) => r.name);

describe('matchName', () => {
  it.each([
    ['LECTVIT', ['LECTVIT'], 'the exact name'],
    ['TRANSPA2', ['LECTVIT'], 'an exact alias'],
    ['transpa1', ['LECTCPS'], 'a name or alias ignoring case'],
    ['gemalto', ['Gemalto USB 00 00'], 'a unique part of a name'],
    ['pa2', ['LECTVIT'], 'a unique part of an alias'],
    ['LECT', ['LECTCPS', 'LECTVIT'], 'a part that several share: all of them, for the caller to refuse'],
    ['TRANSPA', ['LECTCPS', 'LECTVIT'], 'a part of several aliases'],
    ['Vitale', [], 'nothing'],
    ['', [], 'an empty selector names nothing'],
  ])('%s: %j (%s)', (selector, expected) => {
    expect(names(selector)).toEqual(expected);
  });

  it('an exact tier wins over a part of another name', () => {
    const readers = [{ name: 'Vitale' }, { name: 'Vitale 2' }, { name: 'vitale' }];
    expect(matchName(readers, 'Vitale').map((r) => r.name)).toEqual(['Vitale']);
    expect(matchName(readers, 'VITALE').map((r) => r.name)).toEqual(['Vitale', 'vitale']);
    expect(matchName(readers, 'tale').map((r) => r.name)).toEqual(['Vitale', 'Vitale 2', 'vitale']);
  });
});
