import type { Card, Person } from '@openvitale/decoder';
import { describe, expect, test } from 'vitest';
import { validateJson } from '../src/goldens/index.js';
import {
  type CardDocument,
  NAMESPACE,
  parseXml,
  toJson,
  toText,
  toXml,
  toXmlString,
  type XmlElement,
  type XmlValue,
} from '../src/index.js';
import { family, lunar, PROFILES, rightsFull, single, vitale1 } from './models.js';

type Tree = Record<string, unknown>;
const root = (tree: XmlElement): Tree => tree.T_AsnDonneesVitale as Tree;
const persons = (tree: XmlElement): Tree[] => (root(tree).listeBenef as Tree).T_AsnBeneficiaire as Tree[];
const ident = (tree: XmlElement, i: number): Tree => persons(tree)[i]!.ident as Tree;
const official = (card: Card) => parseXml(toXml(card));
const extended = (card: Card) => parseXml(toXml(card, { profile: 'extended' }));

/** What a namespace-aware consumer of the official XML keeps: every element but ours. */
function withoutOurs(value: XmlValue): XmlValue {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((item) => withoutOurs(item as XmlValue)) as XmlValue;
  const kept = Object.entries(value as XmlElement).filter(([name]) => !name.startsWith('ov:'));
  return kept.length === 0 ? '' : Object.fromEntries(kept.map(([name, child]) => [name, withoutOurs(child)]));
}

/** Every text of a value, in order: the JSON's scalars (`null` left out), the XML's non-empty texts. */
function texts(value: unknown): string[] {
  if (value === null || value === undefined || value === '') return [];
  if (typeof value !== 'object') return [String(value)];
  return Object.values(value).flatMap(texts);
}

describe('the official profile', () => {
  test('is compact: a consumer may split persons on </T_AsnBeneficiaire><T_AsnBeneficiaire>', () => {
    const xml = toXmlString(family());
    expect(xml.split('</T_AsnBeneficiaire><T_AsnBeneficiaire>')).toHaveLength(3);
    expect(xml).not.toMatch(/>\s+</);
  });

  test('is what a namespace-aware consumer reads in the extended profile', () => {
    for (const [name, card] of Object.entries(PROFILES)) {
      const model = card();
      if (model.personsUnavailable !== null) continue;
      expect(withoutOurs(extended(model)), name).toEqual(official(model));
    }
  });

  test('refuses a card whose persons are not decoded; the extended profile and JSON say why', () => {
    expect(() => toXml(vitale1())).toThrow(/No person could be decoded/);
    const carte = root(extended(vitale1()))['ov:carte'] as Tree;
    expect(carte['ov:personnesNonLues']).toMatchObject({ 'ov:motif': 'structure-non-publique' });
    expect(toJson(vitale1()).carte.personnesNonLues?.motif).toBe('structure-non-publique');
  });
});

describe('the extended profile', () => {
  test('declares our namespace once, on the root, and prefixes every element of ours', () => {
    const xml = toXmlString(single(), { profile: 'extended' });
    expect(xml).toContain(`<T_AsnDonneesVitale xmlns:ov="${NAMESPACE}">`);
    expect(xml.match(/xmlns/g)).toHaveLength(1);
    expect(xml).not.toContain('<nationalite>');
    expect(xml).toContain('<ov:nationalite>FR</ov:nationalite>');
  });

  test('carries exactly the values of the JSON form', () => {
    for (const [name, card] of Object.entries(PROFILES)) {
      const model = card();
      for (const options of [{}, { identificationOnly: true }, { redact: true }]) {
        const xml = texts(parseXml(toXml(model, { ...options, profile: 'extended' })));
        expect(xml.sort(), name).toEqual(texts(toJson(model, options)).sort());
      }
    }
  });
});

describe('absent, null, empty: one rule', () => {
  const [alice] = single().persons;
  const nameless: Person = { ...alice!, surname: null, birthDate: null, nationality: null };
  const card: Card = { ...single(), persons: [nameless] };

  test('not known: JSON null; an official leaf is an empty element, a block or one of ours is left out', () => {
    const json = toJson(card).listeBenef[0]!;
    expect([json.ident.nomUsuel, json.ident.naissance, json.ident.nationalite]).toEqual([null, null, null]);
    expect(json.amo).toBeNull();
    const xml = extended(card);
    expect(ident(xml, 0).nomUsuel).toBe('');
    expect(ident(xml, 0)).not.toHaveProperty('naissance');
    expect(ident(xml, 0)).not.toHaveProperty('ov:nationalite');
    expect(persons(xml)[0]).not.toHaveProperty('amo');
  });

  test('none: JSON []; an empty container element; a repeated element not at all', () => {
    const doc = toJson(single());
    expect(doc.listeBenef[0]!.brut?.listeInconnus).toEqual([]);
    const brut = persons(extended(single()))[0]!['ov:brut'] as Tree;
    expect(brut['ov:listeInconnus']).toBe('');
    const [, conjoint] = rightsFull().persons;
    const amo = persons(official({ ...rightsFull(), persons: [conjoint!] }))[0]!.amo as Tree;
    expect(amo).not.toHaveProperty('libelleExo');
  });

  test('not in the content (identification): absent from JSON, left out of the XML', () => {
    const doc = toJson(rightsFull(), { identificationOnly: true });
    expect(Object.keys(doc.listeBenef[0]!)).toEqual(['index', 'ident']);
    expect(Object.keys(doc.carte)).toEqual([
      'generation',
      'atr',
      'portee',
      'debutValidite',
      'personnesNonLues',
    ]);
    expect(doc).not.toHaveProperty('listeat');
    expect(Object.keys(persons(official(rightsFull()))[0]!)).toEqual([
      'ident',
      'amo',
      'cmu',
      'mutuelle',
      'amc',
    ]);
    const identification = parseXml(toXml(rightsFull(), { identificationOnly: true }));
    expect(Object.keys(persons(identification)[0]!)).toEqual(['ident']);
  });
});

describe('identification is identification', () => {
  const identification = (): Card => ({ ...family(), content: 'identification' });

  test('a card read for identification renders as one, without options, with no raw bytes', () => {
    const doc = toJson(identification());
    expect(doc.sortie.contenu).toBe('identification');
    expect(JSON.stringify(doc)).not.toMatch(/octets|brut|listeFichiers/);
    expect(toJson(identification(), { identificationOnly: false }).sortie.contenu).toBe('identification');
    expect(toXmlString(identification(), { profile: 'extended' })).not.toContain('ov:octets');
    expect(toText(identification())).toMatch(/identification only/);
  });
});

describe('no official element filled by inference', () => {
  test("nirCertifie stays empty: the free read does not state a person's certified NIR", () => {
    const tree = official(family());
    expect(persons(tree).map((_, i) => ident(tree, i).nirCertifie)).toEqual(['', '', '']);
    expect(persons(tree).map((_, i) => ident(tree, i).dateCertification)).toEqual(['', '', '']);
  });

  test('whether the NIR is the person’s own is an inference of ours, with its rule', () => {
    const doc = toJson(family());
    const own = doc.listeBenef.map((b) => b.ident.inferences.nirPropre?.valeur);
    expect(own).toEqual([true, true, false]);
    expect(doc.listeBenef[2]!.ident.inferences.nirPropre?.regle).toMatch(/year and month of birth/);
    expect(doc.listeBenef[0]!.ident.inferences.appariementNir).toMatchObject({ valeur: 'par-position' });
  });

  test("a child's decoded NIR is the ouvrant droit's, and nothing of the person derives from it", () => {
    const chloe = toJson(family()).listeBenef[2]!.ident;
    expect(chloe.nir).toBe('275107511234564');
    expect(chloe.nirOuvrantDroit).toMatchObject({ sexe: 'feminin', anneeNaissance: 75 });
    expect(Object.keys(chloe)).not.toContain('sexe');
    expect(chloe.naissance?.annee).toBe(2010);
  });
});

describe('one model, two renderings that agree', () => {
  test('values keep their type: rank and flags are numbers and booleans in JSON, their text in XML', () => {
    const doc = toJson(rightsFull());
    expect(doc.listeBenef[0]!.ident.rangDeNaissance).toBe(1);
    expect(ident(official(rightsFull()), 0).rangDeNaissance).toBe('1');
    expect(doc.listeBenef[0]!.ident.naissance?.lunaire).toBe(false);
  });

  test('enumerated values are French, like the element names', () => {
    const doc = toJson(family());
    expect([doc.carte.generation, doc.carte.portee, doc.carte.droitsNonLus?.motif]).toEqual([
      'vitale-2',
      'donnees-administratives',
      'cpx-requise',
    ]);
    expect(doc.carte.listeFichiers?.map((f) => [f.type, f.statut])).toEqual([
      ['repertoire', 'lu'],
      ['identite', 'lu'],
      ['nir', 'lu'],
      ['autre', 'protege'],
    ]);
    expect(doc.listeBenef[1]!.ident.nirOuvrantDroit?.sexe).toBe('masculin');
  });

  test('lunar dates keep their digits in both', () => {
    expect(ident(official(lunar()), 0).naissance).toEqual({ date: '00071980', dateEnCarte: '19800700' });
    expect(toJson(lunar()).listeBenef[0]!.ident.naissance).toMatchObject({ lunaire: true, iso: null });
  });
});

describe('consumer rules of the official XML (docs/domain/official-api.md §1.3)', () => {
  test('open-ended PUMa periods have an empty fin', () => {
    const amo = persons(official(rightsFull()))[0]!.amo as Tree;
    expect((amo.listePeriodesDroits as Tree).element).toEqual([
      { debut: '01012016', fin: '' },
      { debut: '01012010', fin: '31122015' },
    ]);
    expect(amo.libelleExo).toHaveLength(3);
  });

  test('cmu/periode is written empty: its official content is not public', () => {
    const cmu = persons(official(rightsFull()))[0]!.cmu as Tree;
    expect(cmu).toEqual({ typeCMU: 'C2S', periode: '' });
  });

  test('more than 3 libelleExo is refused, not cut', () => {
    const card = rightsFull();
    const [first, ...rest] = card.persons;
    const rights = first!.rights;
    if (rights.status !== 'available' || rights.value.amo === null) throw new Error('fixture');
    const amo = { ...rights.value.amo, exonerationLabels: ['A', 'B', 'C', 'D'] };
    const person: Person = { ...first!, rights: { status: 'available', value: { ...rights.value, amo } } };
    expect(() => toXml({ ...card, persons: [person, ...rest] })).toThrow(/libelleExo/);
  });
});

describe('JSON Schema versioning: a 1.0 consumer reads every 1.x document', () => {
  const doc = (): CardDocument => toJson(rightsFull());

  test('a 1.1 document with members added at every level validates against the 1.0 schema', async () => {
    const base = doc();
    const [first, ...rest] = base.listeBenef;
    const added = {
      ...base,
      schemaVersion: '1.1',
      nouveauMembre: { a: 1 },
      sortie: { ...base.sortie, horodatage: '2030-01-01T00:00:00Z' },
      carte: { ...base.carte, numeroSerie: '0123' },
      listeBenef: [{ ...first!, ident: { ...first!.ident, ins: null } }, ...rest],
    };
    expect(await validateJson(added)).toEqual([]);
  });

  test('the 1.0 schema still rejects what a 1.x document can never be', async () => {
    expect(await validateJson({ ...doc(), schemaVersion: '2.0' })).not.toEqual([]);
    const base = doc();
    const retyped = { ...base, carte: { ...base.carte, generation: 'vitale-3' } };
    expect(await validateJson(retyped)).not.toEqual([]);
    const { listeBenef: _, ...missing } = base;
    expect(await validateJson(missing)).not.toEqual([]);
  });
});
