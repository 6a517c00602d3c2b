import { bench, describe } from 'vitest';
import { family, rightsFull } from '../test/models.js';
import { toJsonString } from './json/document.js';
import { toText } from './text/render.js';
import { toXml } from './xml/write.js';

// Throughput in documents per second (vitest's hz): one family card of 3
// persons, administrative-only, and the same card with full synthetic rights.
const cards = { 'family, 3 persons': family(), 'family with full rights': rightsFull() };

for (const [name, card] of Object.entries(cards)) {
  describe(name, () => {
    bench('XML official, ISO-8859-1 bytes', () => {
      toXml(card);
    });
    bench('XML extended, ISO-8859-1 bytes', () => {
      toXml(card, { profile: 'extended' });
    });
    bench('XML official, UTF-8 bytes', () => {
      toXml(card, { encoding: 'UTF-8' });
    });
    bench('JSON string', () => {
      toJsonString(card);
    });
    bench('text', () => {
      toText(card);
    });
  });
}
