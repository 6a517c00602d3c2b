import { describe, expect, it } from 'vitest';
import { VITALE_AID } from './aids.js';
import { decodeCard } from './card.js';
import { DecodeError } from './diagnostics.js';
import type { Field } from './field.js';
import { fromHex, toHex } from './hex.js';
import type { FileKind, RawCardRead, RawFile } from './input.js';
import type { Card } from './model.js';
import { ascii, syntheticVitale1, syntheticVitale2, tlv } from './testing/synthetic.js';

const ATR = fromHex('3B7513000045 09EA9000');

function read(kind: FileKind, hex: string): RawFile {
  return { kind, location: { aid: VITALE_AID, sfi: 2 }, status: 'read', data: fromHex(hex) };
}

function card(...files: RawFile[]): ReturnType<typeof decodeCard> {
  return decodeCard({ atr: ATR, generation: 'vitale-2', files });
}

/** What a person holds, in a form a table can spell out. */
function person(result: ReturnType<typeof decodeCard>, index = 0) {
  const p = result.value.persons[index];
  return {
    surname: p?.surname?.value ?? null,
    givenName: p?.givenName?.value ?? null,
    birthDate: p?.birthDate?.value.raw ?? null,
    lunar: p?.birthDate?.value.lunar ?? null,
    nationality: p?.nationality?.value ?? null,
    nir: p?.nir?.value.raw ?? null,
    pairing: p?.nirPairing ?? null,
    unknown: [...(p?.templates.identity?.unknown ?? []), ...(p?.templates.nir?.unknown ?? [])].map(
      (u) => u.path,
    ),
    diagnostics: result.diagnostics.map((d) => `${d.code}@${d.path}:${d.offset}`),
  };
}

const NONE = { surname: null, givenName: null, birthDate: null, lunar: null, nationality: null, nir: null };

const templates: readonly [hex: string, expected: Partial<ReturnType<typeof person>>, why: string][] = [
  [tlv('65', tlv('80', ascii('EXEMPLE'))), { surname: 'EXEMPLE', pairing: 'none' }, '65/80 nom'],
  [tlv('65', tlv('81', ascii('ALICE'))), { givenName: 'ALICE' }, '65/81 prénom'],
  [tlv('65', tlv('80', ascii('ÉLODIE'))), { surname: 'ÉLODIE' }, 'ISO-8859-1 (É = C9)'],
  [
    tlv('65', tlv('80', `${ascii('EXEMPLE')}202000`)),
    { surname: 'EXEMPLE' },
    'trailing spaces and NULs trimmed',
  ],
  [tlv('65', tlv('82', ascii('19751023'))), { birthDate: '19751023', lunar: false }, '65/82 date of birth'],
  [tlv('65', tlv('82', ascii('20160700'))), { birthDate: '20160700', lunar: true }, 'a lunar date of birth'],
  [tlv('65', tlv('90', ascii('FRA'))), { nationality: 'FRA' }, '65/90 nationality, raw'],
  [
    tlv('65', tlv('80', ascii('EXEMPLE')), tlv('93', ascii('295109912611193'))),
    { nir: '295109912611193', pairing: 'same-template' },
    '65/93 NIR inside the identity template',
  ],
  [
    tlv('65', tlv('80', ascii('EXEMPLE')), tlv('A1', tlv('83', '01')), tlv('5F20', '00')),
    { surname: 'EXEMPLE', unknown: ['65/A1', '65/5F20'] },
    'unknown tags kept with their path',
  ],
  [
    tlv('65', tlv('80', ascii('UN')), tlv('80', ascii('DEUX'))),
    { surname: 'UN', unknown: ['65/80'], diagnostics: ['FIELD_REPEATED@files[0]/65/80:6'] },
    'a repeated tag: the first counts',
  ],
  [
    tlv('65', tlv('A0', tlv('80', ascii('X'))), tlv('81', ascii('ALICE'))),
    { givenName: 'ALICE', unknown: ['65/A0'] },
    'A0 is not 80 (constructed class bit): unknown',
  ],
  [
    tlv('65', tlv('81', '41 0A 42')),
    { givenName: 'A\nB', diagnostics: ['TEXT_NOT_PRINTABLE@files[0]/65/81:2'] },
    'control characters are flagged and kept',
  ],
  [
    tlv('65', tlv('82', ascii('23/10/75'))),
    { ...NONE, unknown: ['65/82'], diagnostics: ['DATE_MALFORMED@files[0]/65/82:2'] },
    'a date that is not YYYYMMDD is kept raw',
  ],
  [
    tlv('65', tlv('80', ascii('EXEMPLE')), tlv('93', ascii('29510991261119'))),
    { nir: null, pairing: 'none', unknown: ['65/93'], diagnostics: ['NIR_MALFORMED@files[0]/65/93:11'] },
    'a 14-character NIR is kept raw',
  ],
  [
    tlv('65', tlv('80', ascii('EXEMPLE')), `81 81 05 ${ascii('ALICE')}`),
    { surname: 'EXEMPLE', givenName: 'ALICE' },
    'a long-form length inside a template',
  ],
];

describe('persons from 65 templates', () => {
  it.each(templates)('%s → %j (%s)', (hex, expected) => {
    expect(person(card(read('identity', hex)))).toMatchObject({ unknown: [], diagnostics: [], ...expected });
  });
});

describe('decodeCard on a synthetic Vitale 2', () => {
  const result = decodeCard(syntheticVitale2());
  const c: Card = result.value;

  it('decodes without diagnostics', () => {
    expect(result.diagnostics).toEqual([]);
    expect(c).toMatchObject({
      generation: 'vitale-2',
      readScope: 'administrative-only',
      vitale1: null,
      personsUnavailable: null,
    });
  });

  it('pairs identity and NIR by position, and says so', () => {
    expect(c.persons.map((p) => [p.givenName?.value, p.nir?.value.raw, p.nirPairing])).toEqual([
      ['ALICE', '295109912611193', 'positional'],
      ['BRUNO', '157016748214562', 'positional'],
      ['CLAIRE', '253072B07300470', 'positional'],
    ]);
    expect(c.persons[1]!.templates).toMatchObject({
      identity: { file: 1, index: 1 },
      nir: { file: 2, index: 1 },
    });
    expect(c.persons[1]!.birthDate!.value).toMatchObject({ lunar: true, day: null });
  });

  it('never invents rights', () => {
    for (const p of c.persons) {
      expect(p.rights).toMatchObject({ status: 'not-available', reason: 'cpx-required' });
      expect([p.birthRank, p.qualite, p.birthSurname]).toEqual([null, null, null]);
    }
    expect(c.workAccidents).toMatchObject({ status: 'not-available', reason: 'cpx-required' });
  });

  it('reads the card data and certificate blobs', () => {
    expect(c.cardData?.validityStart?.value).toMatchObject({ raw: '20200115', year: 2020, lunar: false });
    expect(c.certificates.map((b) => [b.kind, b.path, b.file, b.length])).toEqual([
      ['signature', '66/5F37', 1, 67],
    ]);
  });

  it('reports every file status', () => {
    expect(c.files.map((f) => [f.kind, f.status, f.sw])).toEqual([
      ['directory', 'read', 0x9000],
      ['identity', 'read', 0x6282],
      ['nir', 'read', 0x9000],
      ['other', 'protected', 0x6982],
    ]);
    expect(c.files[1]!.tail).toMatchObject({ kind: 'padding', length: 16 });
    expect(c.directory?.files.map((f) => f.name.value)).toEqual(['IDENTITE', 'NIR']);
  });

  it('keeps byte positions that point into the file', () => {
    const fields: [Field<unknown>, number][] = c.persons.flatMap((p) => [
      [p.surname!, p.templates.identity!.file],
      [p.birthDate!, p.templates.identity!.file],
      [p.nir!, p.templates.nir!.file],
    ]);
    for (const [field, file] of fields) {
      const data = c.files[file]!.data!;
      expect(data.subarray(field.offset, field.offset + field.length)).toEqual(field.raw);
    }
  });
});

describe('decodeCard edge cases', () => {
  it('flags a count mismatch and keeps every person', () => {
    const nir = (n: string) => tlv('65', tlv('93', ascii(n)));
    const result = card(
      read('identity', tlv('65', tlv('80', ascii('SEUL')))),
      read('nir', nir('295109912611193') + nir('157016748214562')),
    );
    expect(
      result.value.persons.map((p) => [p.surname?.value ?? null, p.nir?.value.raw, p.nirPairing]),
    ).toEqual([
      ['SEUL', '295109912611193', 'positional'],
      [null, '157016748214562', 'positional'],
    ]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['PAIRING_COUNT_MISMATCH']);
  });

  it('takes a template without name or NIR in the NIR file as a NIR template', () => {
    const result = card(
      read('identity', tlv('65', tlv('80', ascii('A')))),
      read('nir', tlv('65', tlv('C0', '01'))),
    );
    expect(result.value.persons).toHaveLength(1);
    expect(result.value.persons[0]).toMatchObject({ nirPairing: 'none', templates: { nir: { file: 1 } } });
  });

  it('finds persons in several identity files, in file order', () => {
    const one = (name: string) => read('identity', tlv('65', tlv('80', ascii(name))));
    const result = card(one('PREMIER'), one('SECOND'));
    expect(result.value.persons.map((p) => [p.index, p.surname?.value, p.templates.identity?.file])).toEqual([
      [0, 'PREMIER', 0],
      [1, 'SECOND', 1],
    ]);
  });

  it('keeps a second 66 raw and unknown top-level objects', () => {
    const result = card(read('other', tlv('66', tlv('80', ascii('20200101'))) + tlv('66') + tlv('C5', '00')));
    expect(result.value.files[0]!.unknown.map((u) => u.path)).toEqual(['66', 'C5']);
    expect(result.diagnostics.map((d) => `${d.code}@${d.path}`)).toEqual(['CARD_DATA_REPEATED@files[0]/66']);
  });

  it('keeps a certificate whole: its body is not parsed, so it raises no diagnostic', () => {
    // A body that is not BER-TLV (A0 would be an unsupported length byte, 7F a tag running off).
    const body = '5F4E A0 0102 7F';
    const result = card(read('other', tlv('66', tlv('80', ascii('20200101'))) + tlv('7F21', body)));
    expect(result.diagnostics).toEqual([]);
    expect(result.value.certificates.map((b) => [b.kind, b.path, toHex(b.raw)])).toEqual([
      ['cv-certificate', '7F21', tlv('7F21', body).replace(/\s/g, '')],
    ]);
  });

  it('names a file the reader did not name by its person templates', () => {
    const result = card(
      read('other', tlv('65', tlv('80', ascii('NOM')))),
      read('other', tlv('65', tlv('93', ascii('295109912611193')))),
      read('other', tlv('66', tlv('80', ascii('20200101')))),
    );
    expect(result.value.files.map((f) => f.kind)).toEqual(['identity', 'nir', 'other']);
    expect(result.value.persons[0]).toMatchObject({ nirPairing: 'positional' });
  });

  it('says what the reader collected', () => {
    expect(decodeCard(syntheticVitale2()).value.content).toBe('full');
    expect(decodeCard({ ...syntheticVitale2(), content: 'identification' }).value.content).toBe(
      'identification',
    );
  });

  it('reports a malformed validity date and top-level certificates', () => {
    const result = card(read('other', tlv('66', tlv('80', ascii('2020'))) + tlv('7F21', tlv('5F37', '00'))));
    expect(result.value.cardData).toMatchObject({ validityStart: null, unknown: [{ path: '66/80' }] });
    expect(result.value.certificates.map((b) => b.kind)).toEqual(['cv-certificate']);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['DATE_MALFORMED']);
  });

  it('records protected, absent and failed files without bytes', () => {
    const location = { fid: 0xd001 };
    const result = card(
      { kind: 'identity', location, status: 'protected', sw: 0x6982 },
      { kind: 'nir', location, status: 'absent', sw: 0x6a82 },
      { kind: 'other', location, status: 'failed', reason: 'CARD_REMOVED' },
    );
    expect(result.value.files.map((f) => [f.status, f.sw, f.reason, f.data])).toEqual([
      ['protected', 0x6982, null, null],
      ['absent', 0x6a82, null, null],
      ['failed', null, 'CARD_REMOVED', null],
    ]);
    expect(result.value.persons).toEqual([]);
  });

  it('reports a read file without bytes (untyped callers)', () => {
    const raw = { kind: 'identity', location: {}, status: 'read' } as unknown as RawFile;
    expect(card(raw).diagnostics.map((d) => `${d.code}@${d.path}`)).toEqual(['FILE_INCONSISTENT@files[0]']);
  });

  it('decodes a file with FID 2001 as the directory', () => {
    const result = card({
      kind: 'other',
      location: { fid: 0x2001 },
      status: 'read',
      data: fromHex(tlv('E0')),
    });
    expect(result.value.directory).toMatchObject({ file: 0, applications: [] });
  });

  it('prefixes diagnostics with the file', () => {
    const result = card(read('identity', ''), read('nir', '65 05 93 09'));
    expect(result.diagnostics).toEqual([
      { code: 'TLV_LENGTH_OVERFLOW', message: expect.any(String), offset: 0, path: 'files[1]/65' },
    ]);
  });

  it('throws one DecodeError in strict mode', () => {
    const input: RawCardRead = { atr: ATR, generation: 'vitale-2', files: [read('nir', '65 05 93 09')] };
    expect(() => decodeCard(input, { strict: true })).toThrow(DecodeError);
    expect(decodeCard(syntheticVitale2(), { strict: true }).diagnostics).toEqual([]);
  });

  it('says a card that is not Vitale has no rights to show', () => {
    const result = decodeCard({ atr: fromHex('3B00'), generation: 'not-vitale' });
    expect(result.value).toMatchObject({ readScope: 'none', persons: [], files: [], directory: null });
    expect(result.value.workAccidents).toMatchObject({ reason: 'not-vitale' });
    expect(result.value.personsUnavailable).toMatchObject({ reason: 'not-vitale' });
  });

  it('unpacks a Vitale 1 dump and decodes no field', () => {
    const result = decodeCard(syntheticVitale1(2, 4));
    expect(result.value).toMatchObject({ generation: 'vitale-1', readScope: 'raw-memory', persons: [] });
    expect(result.value.vitale1?.chunks.map((ch) => ch.words.length)).toEqual([4, 4]);
    expect(result.value.vitale1?.fields).toMatchObject({
      status: 'not-available',
      reason: 'layout-not-public',
    });
    expect(result.value.personsUnavailable).toMatchObject({ reason: 'layout-not-public' });
  });
});
