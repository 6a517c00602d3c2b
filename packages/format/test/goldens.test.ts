import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Card } from '@openvitale/decoder';
import { describe, expect, test } from 'vitest';
import {
  checkGoldens,
  type GoldenFormat,
  schemaPaths,
  unofficialElements,
  validateGolden,
} from '../src/goldens/index.js';
import { FormatError, officialPaths, toText, toXml, type XmlOptions } from '../src/index.js';
import { accents, family, PROFILES, rightsFull, single } from './models.js';

/** Goldens live at the repository root; `UPDATE_GOLDENS=1 pnpm test` rewrites them. */
const DIR = fileURLToPath(new URL('../../../fixtures/expected/format/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDENS === '1';

/** Cards whose persons are not decoded: the official profile refuses them. */
const NO_PERSONS = new Set(['vitale1-dump', 'not-vitale-cps']);

const ALL_FORMATS: readonly GoldenFormat[] = ['official', 'extended', 'json'];
const XML_FORMATS: readonly GoldenFormat[] = ['official', 'extended'];

interface Golden {
  readonly name: string;
  readonly card: () => Card;
  readonly options: XmlOptions;
  readonly formats: readonly GoldenFormat[];
}

/** Profiles rendered with options, each golden once (pretty printing changes the XML only). */
const VARIANTS: readonly Golden[] = [
  {
    name: 'rights-full.centre-carte-0000',
    card: rightsFull,
    options: { centreCarte0000: true },
    formats: ALL_FORMATS,
  },
  {
    name: 'rights-full.identification-only',
    card: rightsFull,
    options: { identificationOnly: true },
    formats: ALL_FORMATS,
  },
  { name: 'rights-full.pretty', card: rightsFull, options: { pretty: true }, formats: XML_FORMATS },
  { name: 'vitale2-family.redacted', card: family, options: { redact: true }, formats: ALL_FORMATS },
  { name: 'vitale2-family.pretty', card: family, options: { pretty: true }, formats: XML_FORMATS },
  { name: 'vitale2-single.nir-spaced', card: single, options: { nirFormat: 'spaced' }, formats: ALL_FORMATS },
  {
    name: 'vitale2-accents-long-names.utf-8',
    card: accents,
    options: { encoding: 'UTF-8' },
    formats: XML_FORMATS,
  },
];

const ALL: readonly Golden[] = [
  ...Object.entries(PROFILES).map(([name, card]) => ({
    name,
    card,
    options: {},
    formats: NO_PERSONS.has(name) ? ALL_FORMATS.filter((f) => f !== 'official') : ALL_FORMATS,
  })),
  ...VARIANTS,
];
/** Text goldens: of every profile and of the options that change the document. */
const TEXT = ALL.filter((golden) => golden.formats.includes('json'));

const OFFICIAL = new Set(officialPaths());

describe('goldens (fixtures/expected/format)', () => {
  test.each(ALL)(
    '$name: every file matches and validates (profile XSD, JSON Schema)',
    async ({ name, card, options, formats }) => {
      const { files } = await checkGoldens(card(), { dir: DIR, name, formats, options, update: UPDATE });
      for (const file of files) await validateGolden(file);
    },
  );

  test.each(ALL.filter((golden) => golden.formats.includes('official')))(
    '$name: the official golden holds only elements of the official list',
    async ({ name }) => {
      expect(unofficialElements(await readFile(`${DIR}${name}.xml`))).toEqual([]);
      expect(unofficialElements(await readFile(`${DIR}${name}.extended.xml`)).length).toBeGreaterThan(0);
    },
  );

  test.each(TEXT)('$name: text rendering matches', async ({ name, card, options }) => {
    const text = toText(card(), options);
    const path = `${DIR}${name}.txt`;
    if (UPDATE) await writeFile(path, text);
    expect(text).toBe(await readFile(path, 'utf8'));
  });

  test.each([...NO_PERSONS])('%s: the official profile refuses it, naming why', (name) => {
    const error = (() => {
      try {
        toXml(PROFILES[name]!());
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(FormatError.isInstance(error) && error.code).toBe('PERSONS_NOT_DECODED');
    expect((error as Error).message).toMatch(/extended profile or JSON/);
  });
});

test('the official XSD declares only elements of the official list', async () => {
  const xsd = await readFile(schemaPaths.official, 'utf8');
  const declared = [...xsd.matchAll(/<xs:element name="([^"]+)"/g)].map((m) => m[1]!);
  const names = new Set([...OFFICIAL].map((path) => path.split('/').at(-1)));
  expect(declared.filter((name) => !names.has(name))).toEqual([]);
  expect(declared.length).toBeGreaterThan(30);
});

test('checkGoldens reports a difference as a FormatError', async () => {
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
