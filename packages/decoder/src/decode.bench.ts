/**
 * Decode throughput in cards per second (vitest's `hz` column) on synthetic
 * card images. Run: `pnpm --filter @openvitale/decoder bench`.
 */
import { bench, describe } from 'vitest';
import { decodeCard } from './card.js';
import { PERSONS, syntheticVitale1, syntheticVitale2 } from './testing/synthetic.js';

const single = syntheticVitale2(PERSONS.slice(0, 1));
const family = syntheticVitale2(PERSONS);
// 0x0288–0x2180 is the freely readable zone: 991 words, read 32 words at a time.
const vitale1 = syntheticVitale1(31, 32);

describe('decodeCard (cards per second = hz)', () => {
  bench('Vitale 2, one person', () => {
    decodeCard(single);
  });
  bench('Vitale 2, family card (3 persons)', () => {
    decodeCard(family);
  });
  bench('Vitale 1, full readable dump (992 words)', () => {
    decodeCard(vitale1);
  });
});
