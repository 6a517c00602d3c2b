import { describe, expect, it } from 'vitest';
import { decodeBirthRank, isTestInsurer, lookupQualite, lookupRegime } from './tables.js';

describe('code tables', () => {
  it.each([
    ['01', 'Régime général'],
    ['02', 'Régime agricole (MSA)'],
    ['99', 'Sections locales mutualistes'],
    ['11', null],
    ['XY', null],
  ])('régime %s → %s', (code, label) => {
    expect(lookupRegime(code)).toEqual({ code, label });
  });

  it.each([
    ['0', 'Assuré (ouvrant droit)'],
    ['6', 'Enfant'],
    ['9', 'Autre ayant droit'],
    ['A', null],
  ])('qualité %s → %s', (code, label) => {
    expect(lookupQualite(code)).toEqual({ code, label });
  });

  it('does not read inherited properties as codes', () => {
    expect(lookupRegime('toString').label).toBeNull();
  });

  const ranks: readonly [raw: string, rank: number | null, why: string][] = [
    ['', 1, 'empty reads as 1'],
    ['0', 1, '0 reads as 1'],
    ['2', 2, 'twins'],
    [' 3', 3, 'spaces around'],
    ['A', null, 'not a digit'],
  ];
  it.each(ranks)('rang %j → %s (%s)', (raw, rank) => {
    expect(decodeBirthRank(raw)).toBe(rank);
  });

  it.each([
    ['01', '999', '0001', true],
    ['02', '349', '0001', true],
    ['01', '123', '0349', true],
    ['01', '123', '0001', false],
    ['02', '999', null, false],
  ] as const)('test insurer %s/%s/%s → %s', (regime, caisse, centre, expected) => {
    expect(isTestInsurer(regime, caisse, centre)).toBe(expected);
  });
});
