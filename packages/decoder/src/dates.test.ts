import { describe, expect, it } from 'vitest';
import { type CardDate, parseCardDate } from './dates.js';

const cases: readonly [raw: string, expected: Omit<CardDate, 'raw'> | null, why: string][] = [
  ['19751023', { year: 1975, month: 10, day: 23, lunar: false }, 'a calendar date'],
  ['20160700', { year: 2016, month: 7, day: null, lunar: true }, 'day 00: lunar'],
  ['20160015', { year: 2016, month: null, day: 15, lunar: true }, 'month 00: lunar'],
  ['19530000', { year: 1953, month: null, day: null, lunar: true }, 'only the year is known'],
  ['19530231', { year: 1953, month: 2, day: 31, lunar: true }, '31 February: kept, flagged lunar'],
  ['19530431', { year: 1953, month: 4, day: 31, lunar: true }, '31 April'],
  ['20000229', { year: 2000, month: 2, day: 29, lunar: false }, '2000 is a leap year'],
  ['19000229', { year: 1900, month: 2, day: 29, lunar: true }, '1900 is not'],
  ['20240229', { year: 2024, month: 2, day: 29, lunar: false }, 'a plain leap year'],
  ['19751332', { year: 1975, month: null, day: null, lunar: true }, 'month and day out of range'],
  ['1975102', null, '7 digits'],
  ['1975A023', null, 'not digits'],
  ['751023', null, 'a 2-digit year is not a Vitale 2 date'],
];

describe('parseCardDate', () => {
  it.each(cases)('%s → %j (%s)', (raw, expected) => {
    expect(parseCardDate(raw)).toEqual(expected === null ? null : { raw, ...expected });
  });
});
