import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { toXml } from '@openvitale/format';
import { checkGoldens, unofficialElements, validateGolden } from '@openvitale/format/goldens';
import { describe, expect, it } from 'vitest';
import { readCard, readIdentification } from '../src/index.js';
import { cardIn, FIXTURES, profile } from './support.js';

/**
 * Goldens of every fixture card (`fixtures/expected/`): `<card>.xml` (the
 * official profile of the identification read: what `openvitale read
 * --format xml` prints) and `<card>.json`; `<card>.full.extended.xml` and
 * `<card>.full.json` of the full read. Each is valid against its schema
 * (xmllint, ajv). `UPDATE_GOLDENS=1` rewrites them.
 */
const EXPECTED = fileURLToPath(new URL('../../../fixtures/expected/', import.meta.url));
const names = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));
describe.each(names)('%s', (name) => {
  it('reads to its goldens, each valid against its schema; the official one holds only official elements', async () => {
    const kind = (await profile(name)).type;
    if (kind === 'cps' || kind === 'unknown') return; // not a Vitale card: no document (fixtures.test.ts)
    const full = await readCard(await (await cardIn(name)).open());
    const fullFiles = await checkGoldens(full.card, {
      dir: EXPECTED,
      name: `${name}.full`,
      formats: ['extended', 'json'],
    });
    for (const file of fullFiles.files) await validateGolden(file);
    if (kind === 'vitale1') return; // the identification read fails (fixtures.test.ts), the official profile refuses it
    const identification = await readIdentification(await (await cardIn(name)).open());
    const { files } = await checkGoldens(identification.card, {
      dir: EXPECTED,
      name,
      formats: ['official', 'json'],
    });
    for (const file of files) await validateGolden(file);
    const official = await readFile(`${EXPECTED}${name}.xml`);
    expect(unofficialElements(official)).toEqual([]);
    // The official profile holds the identification only: the full read gives the same document.
    expect(toXml(full.card)).toEqual(new Uint8Array(official));
  });
});
