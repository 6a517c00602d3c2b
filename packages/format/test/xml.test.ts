import type { Card, Person } from '@openvitale/decoder';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, test } from 'vitest';
import {
  FormatError,
  parseXml,
  toJson,
  toXml,
  toXmlString,
  type XmlElement,
  type XmlOptions,
  type XmlProfile,
  xmlTree,
} from '../src/index.js';
import { accents, family, PROFILES, rightsFull, single } from './models.js';

type Tree = Record<string, unknown>;
const root = (tree: XmlElement): Tree => tree.T_AsnDonneesVitale as Tree;
const persons = (tree: XmlElement): Tree[] => (root(tree).listeBenef as Tree).T_AsnBeneficiaire as Tree[];
const ident = (tree: XmlElement, i: number): Tree => persons(tree)[i]!.ident as Tree;

/** A model from another source (an online service) may hold any Unicode name. */
function withName(card: Card, surname: string): Card {
  const [first, ...rest] = card.persons;
  const person: Person = { ...first!, surname: { ...first!.surname!, value: surname } };
  return { ...card, persons: [person, ...rest] };
}

const OPTION_SETS: readonly XmlOptions[] = [
  {},
  { centreCarte0000: true },
  { nirFormat: 'spaced' },
  { identificationOnly: true },
  { redact: true },
  { encoding: 'UTF-8' },
  { pretty: true },
];
const PROFILE_NAMES: readonly XmlProfile[] = ['official', 'extended'];

describe('round trip: parseXml(toXml(card)) gives back the tree that was written', () => {
  for (const [name, card] of Object.entries(PROFILES)) {
    for (const profile of PROFILE_NAMES) {
      const model = card();
      if (profile === 'official' && model.personsUnavailable !== null) continue;
      test.each(OPTION_SETS)(`${name}, ${profile} %o`, (options) => {
        const doc = toJson(model, options);
        expect(parseXml(toXml(model, { ...options, profile }))).toEqual(xmlTree(doc, profile));
      });
    }
  }

  test('the data read back are the card data', () => {
    const model = accents();
    const tree = parseXml(toXml(model));
    model.persons.forEach((person, i) => {
      expect(ident(tree, i).nomUsuel).toBe(person.surname?.value);
      expect(ident(tree, i).prenomUsuel).toBe(person.givenName?.value);
      expect(ident(tree, i).nir).toBe(person.nir?.value.raw);
      expect((ident(tree, i).naissance as Tree).dateEnCarte).toBe(person.birthDate?.value.raw);
    });
  });

  test('any printable Latin-1 name survives escaping and both encodings', () => {
    const latin1 = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff }));
    const name = fc
      .array(latin1, { minLength: 1, maxLength: 40 })
      .map((codes) => String.fromCharCode(...codes));
    fc.assert(
      fc.property(name, fc.constantFrom<'ISO-8859-1' | 'UTF-8'>('ISO-8859-1', 'UTF-8'), (text, encoding) => {
        const tree = parseXml(toXml(withName(single(), text), { encoding }));
        expect(ident(tree, 0).nomUsuel).toBe(text);
      }),
    );
  });
});

describe('encoding and escaping', () => {
  test('ISO-8859-1 by default: declared in the prolog, one byte per accented letter', () => {
    const bytes = toXml(accents());
    const text = iconv.decode(Buffer.from(bytes), 'latin1');
    expect(text.startsWith('<?xml version="1.0" encoding="ISO-8859-1"?><T_AsnDonneesVitale>')).toBe(true);
    expect(text).toContain('<prenomUsuel>ZOÉ-FRANÇOISE ANAÏS</prenomUsuel>');
    expect(bytes.includes(0xc9)).toBe(true); // É in Latin-1
  });

  test('UTF-8 on request', () => {
    const bytes = toXml(accents(), { encoding: 'UTF-8' });
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(text).toContain('ZOÉ-FRANÇOISE');
  });

  test('markup characters are escaped in every text value', () => {
    const xml = toXmlString(accents());
    expect(xml).toContain('<nomUsuel>MÜLLER &amp; FILS &lt;SARL&gt;</nomUsuel>');
    expect(xml).toContain('<prenomUsuel>JOSÉ &quot;PEPE&quot;</prenomUsuel>');
    expect(xml).toContain('D&apos;ARGENTIÈRES');
  });

  test('text that looks like an entity stays text', () => {
    for (const text of ['A&nbsp;B', '&#65;', '&amp;lt;', ']]>']) {
      expect(ident(parseXml(toXml(withName(single(), text))), 0).nomUsuel).toBe(text);
    }
  });
});

describe('characters outside Latin-1', () => {
  const card = () => withName(single(), 'CŒUR’S');

  test('default: a typed error naming the element and the code point', () => {
    const error = (() => {
      try {
        toXml(card());
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(FormatError.isInstance(error)).toBe(true);
    expect((error as FormatError).code).toBe('UNREPRESENTABLE_CHARACTER');
    expect((error as FormatError).path).toBe(
      'T_AsnDonneesVitale/listeBenef/T_AsnBeneficiaire[0]/ident/nomUsuel',
    );
    expect((error as FormatError).message).toContain('U+0152');
  });

  test('char-ref: numeric references, lossless for an XML parser', () => {
    const xml = toXmlString(card(), { unrepresentable: 'char-ref' });
    expect(xml).toContain('<nomUsuel>C&#338;UR&#8217;S</nomUsuel>');
    expect(ident(parseXml(toXml(card(), { unrepresentable: 'char-ref' })), 0).nomUsuel).toBe('CŒUR’S');
  });

  test('replace: transliteration, then ?', () => {
    expect(ident(parseXml(toXml(card(), { unrepresentable: 'replace' })), 0).nomUsuel).toBe("COEUR'S");
    const other = withName(single(), 'ŁUKASZ 李');
    expect(ident(parseXml(toXml(other, { unrepresentable: 'replace' })), 0).nomUsuel).toBe('LUKASZ ?');
  });

  test('UTF-8 output holds them as they are', () => {
    expect(ident(parseXml(toXml(card(), { encoding: 'UTF-8' })), 0).nomUsuel).toBe('CŒUR’S');
  });

  test('characters XML forbids: an error by default, ? otherwise', () => {
    const control = withName(single(), 'NUL\u0000X');
    expect(() => toXml(control, { encoding: 'UTF-8' })).toThrow(/U\+0000/);
    try {
      toXml(control);
    } catch (e) {
      expect(FormatError.isInstance(e) && e.code).toBe('INVALID_XML_CHARACTER');
    }
    expect(ident(parseXml(toXml(control, { unrepresentable: 'replace' })), 0).nomUsuel).toBe('NUL?X');
  });
});

describe('options', () => {
  test('centreCarte0000 forces 0000 for régime général persons only', () => {
    const tree = parseXml(toXml(rightsFull(), { centreCarte0000: true }));
    const centre = (i: number) => (persons(tree)[i]!.amo as Tree).centreCarte;
    expect([centre(0), centre(1), centre(2)]).toEqual(['0000', '0000', '7512']);
    const plain = parseXml(toXml(rightsFull()));
    expect((persons(plain)[0]!.amo as Tree).centreCarte).toBe('7512');
  });

  test('nirFormat spaced puts a space before the key', () => {
    expect(ident(parseXml(toXml(single(), { nirFormat: 'spaced' })), 0).nir).toBe('2751075112345 64');
    expect(ident(parseXml(toXml(single())), 0).nir).toBe('275107511234564');
  });

  test('redact masks NIRs and names everywhere, and drops raw bytes', () => {
    const xml = toXmlString(family(), { redact: true, profile: 'extended' });
    const json = JSON.stringify(toJson(family(), { redact: true }));
    for (const out of [xml, json]) {
      expect(out).not.toMatch(/EXEMPLE|ALICE|2751075/);
      expect(out).not.toContain('4558454D504C45'); // EXEMPLE in hex
    }
    expect(ident(parseXml(xml), 0).nir).toBe('XXXXXXXXXXXXXXX');
    expect(toJson(family(), { redact: true }).listeBenef[0]!.ident.nirOuvrantDroit?.cleValide).toBe(true);
  });

  test('pretty: two-space indentation and a final line feed; compact by default', () => {
    const pretty = toXmlString(single(), { pretty: true });
    expect(pretty).toMatch(/^<\?xml [^>]+>\n<T_AsnDonneesVitale>\n {2}<listeBenef>\n/);
    expect(pretty.endsWith('</T_AsnDonneesVitale>\n')).toBe(true);
    const compact = toXmlString(single());
    expect(compact).not.toMatch(/>\s+</);
    expect(compact.endsWith('</T_AsnDonneesVitale>')).toBe(true);
  });
});

test('parseXml refuses what is not one of our documents', () => {
  expect(() => parseXml('<a><b></a>')).toThrow(FormatError);
  expect(() => parseXml('<other/>')).toThrow(/T_AsnDonneesVitale/);
});
