import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkGoldens, validateJson, validateXmlFile } from '@openvitale/format/goldens';
import { describe, expect, it } from 'vitest';
import { readCard } from '../src/index.js';
import { cardIn, FIXTURES } from './support.js';

/**
 * Golden XML and JSON of the full read of every fixture card
 * (`fixtures/expected/<profile>.xml|json`), each valid against the shipped
 * XSD (xmllint) and JSON Schema (ajv). `UPDATE_GOLDENS=1` rewrites them.
 */
const EXPECTED = fileURLToPath(new URL('../../../fixtures/expected/', import.meta.url));
const names = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

describe.each(names)('%s', (name) => {
  it('reads to the golden XML and JSON, both valid against their schemas', async () => {
    const { open } = await cardIn(name);
    const card = await readCard(await open()).then(
      (read) => read.card,
      () => undefined,
    );
    if (!card) return; // not a Vitale card: nothing to render (see the format package's not-vitale golden)
    const golden = await checkGoldens(card, { dir: EXPECTED, name });
    await validateXmlFile(golden.xmlPath);
    expect(await validateJson(JSON.parse(golden.json))).toEqual([]);
  });
});
