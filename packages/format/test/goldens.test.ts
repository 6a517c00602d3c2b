import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { checkGoldens, validateJson, validateXmlFile } from '../src/goldens/index.js';
import { toJson, toText, type XmlOptions } from '../src/index.js';
import { accents, family, PROFILES, rightsFull, single } from './models.js';

/** Goldens live at the repository root; `UPDATE_GOLDENS=1 pnpm test` rewrites them. */
const DIR = fileURLToPath(new URL('../../../fixtures/expected/format/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDENS === '1';

/** Profiles rendered with options, each golden once. */
const VARIANTS: readonly { name: string; card: typeof single; options: XmlOptions }[] = [
  { name: 'rights-full.centre-carte-0000', card: rightsFull, options: { centreCarte0000: true } },
  { name: 'rights-full.identification-only', card: rightsFull, options: { identificationOnly: true } },
  { name: 'vitale2-family.redacted', card: family, options: { redact: true } },
  { name: 'vitale2-single.nir-spaced', card: single, options: { nirFormat: 'spaced' } },
  { name: 'vitale2-accents-long-names.utf-8', card: accents, options: { encoding: 'UTF-8' } },
];

const ALL = [
  ...Object.entries(PROFILES).map(([name, card]) => ({ name, card, options: {} as XmlOptions })),
  ...VARIANTS,
];

describe('goldens (fixtures/expected/format)', () => {
  test.each(ALL)(
    '$name: XML and JSON match, validate against the XSD and the JSON Schema',
    async ({ name, card, options }) => {
      const model = card();
      const { xmlPath } = await checkGoldens(model, { dir: DIR, name, options, update: UPDATE });
      await validateXmlFile(xmlPath);
      expect(await validateJson(toJson(model, options))).toEqual([]);
    },
  );

  test.each(ALL)('$name: text rendering matches', async ({ name, card, options }) => {
    const text = toText(card(), options);
    const path = `${DIR}${name}.txt`;
    if (UPDATE) await writeFile(path, text);
    expect(text).toBe(await readFile(path, 'utf8'));
  });
});

test('checkGoldens reports a difference as a FormatError', async () => {
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const dir = await mkdtemp(`${tmpdir()}/openvitale-goldens-`);
  try {
    await expect(checkGoldens(single(), { dir, name: 'x', update: false })).rejects.toMatchObject({
      code: 'GOLDEN_MISMATCH',
    });
    await checkGoldens(single(), { dir, name: 'x', update: true });
    await expect(checkGoldens(single(), { dir, name: 'x', update: false })).resolves.toMatchObject({
      updated: false,
    });
    await expect(checkGoldens(family(), { dir, name: 'x', update: false })).rejects.toThrow(/from byte/);
  } finally {
    await rm(dir, { recursive: true });
  }
});
