import { describe, expect, it } from 'vitest';
import { computeNirKey, type Nir, parseNir } from './nir.js';

// All synthetic: the test vectors of docs/domain/vitale-card.md §5.1, then invented numbers.
const cases: readonly [nir: string, expected: Partial<Nir>, why: string][] = [
  [
    '295109912611193',
    { keyValid: true, computedKey: '93', sex: 'female', provisional: false, birthYear: 95, birthMonth: 10 },
    'vector 1: born abroad',
  ],
  [
    '295109912611193',
    { departement: '99', commune: '126', placeKind: 'abroad', orderNumber: '111' },
    'vector 1: country 126',
  ],
  [
    '253072B07300470',
    { keyValid: true, computedKey: '70', departement: '2B', placeKind: 'corsica' },
    'vector 2: 2B read as 18',
  ],
  [
    '253072A07300443',
    { keyValid: true, computedKey: '43', departement: '2A', placeKind: 'corsica' },
    'vector 3: 2A read as 19',
  ],
  [
    '157016748214562',
    {
      keyValid: true,
      sex: 'male',
      birthYear: 57,
      birthMonth: 1,
      departement: '67',
      commune: '482',
      orderNumber: '145',
    },
    'vector 4: metropolitan',
  ],
  [
    '206127511100564',
    {
      keyValid: true,
      sex: 'female',
      birthYear: 6,
      birthMonth: 12,
      departement: '75',
      placeKind: 'metropolitan',
    },
    'vector 5: metropolitan, year 06',
  ],
  [
    '157016748214563',
    { keyValid: false, key: '63', computedKey: '62' },
    'a wrong key is flagged, not rejected',
  ],
  ['757016748214553', { keyValid: true, provisional: true, sex: null }, 'a provisional number (7)'],
  ['357016748214559', { keyValid: true, provisional: true, sex: null }, 'a provisional number (3)'],
  [
    '285039712345676',
    { keyValid: true, placeKind: 'overseas', departement: '971', commune: '23', orderNumber: '456' },
    'overseas: 3-digit département, 2-digit commune',
  ],
  ['157426748214539', { keyValid: true, birthMonth: null }, 'month 42: unknown month, not validated'],
  [
    '180012012345690',
    { keyValid: true, placeKind: 'corsica', departement: '20' },
    'département 20: Corsica before 1976',
  ],
  [
    '253072b07300470',
    { keyValid: true, digits: '253072B073004', departement: '2B' },
    'lower-case 2b is accepted',
  ],
  ['157016748214562  ', { raw: '157016748214562' }, 'trailing spaces are trimmed'],
];

describe('parseNir', () => {
  it.each(cases)('%s → %j (%s)', (text, expected) => {
    expect(parseNir(text)).toMatchObject(expected);
  });

  const malformed: readonly [text: string, why: string][] = [
    ['', 'empty'],
    ['15701674821456', '14 characters'],
    ['1570167482145621', '16 characters'],
    ['2530A2B07300470', 'letters outside the département'],
    ['253072C07300470', '2C is no département'],
    ['15701674821456X', 'a key that is not digits'],
  ];
  it.each(malformed)('%j is not a NIR (%s)', (text) => {
    expect(parseNir(text)).toBeNull();
  });
});

describe('computeNirKey', () => {
  it.each([
    ['2951099126111', '93'],
    ['253072B073004', '70'],
    ['253072A073004', '43'],
    ['1570167482145', '62'],
    ['2061275111005', '64'],
    ['2990110012345', '07'],
  ])('%s → %s', (digits, key) => {
    expect(computeNirKey(digits)).toBe(key);
  });

  it('needs a 13-character body', () => {
    expect(computeNirKey('123')).toBeNull();
  });
});
