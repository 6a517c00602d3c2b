/**
 * Synthetic cards for the golden tests and the benchmark. Every name, date
 * and NIR is invented. Vitale 2 bytes are built with the decoder's
 * `encodeTlv` and decoded with `decodeCard`, so the goldens follow the real
 * decoding path; rights (which no card gives us) are added to the decoded
 * model by hand.
 */
import {
  type Card,
  computeNirKey,
  decodeCard,
  encodeTlv,
  fromHex,
  lookupQualite,
  MF_VITALE_AID,
  type Person,
  type RawCardRead,
  type RawFile,
  type Rights,
  type TlvEncodable,
  VITALE_AID,
  type WorkAccidentRights,
} from '@openvitale/decoder';

const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const leaf = (tag: number, text: string): TlvEncodable => ({ tag, value: latin1(text) });

/** A NIR body with its computed key (or a deliberately wrong one). */
export function nir(body: string, wrongKey = false): string {
  const key = computeNirKey(body)!;
  return body + (wrongKey ? String((Number(key) % 97) + 1).padStart(2, '0') : key);
}

export interface PersonSpec {
  readonly surname: string;
  readonly givenName: string;
  readonly birthDate: string;
  readonly nir: string;
  /** Other tags of the identity template (kept raw by the decoder). */
  readonly extra?: readonly TlvEncodable[];
}

const V2_ATR = fromHex('3B 75 13 00 00 45 09 EA 90 00');

/**
 * Vitale 2 read: EF 2001, identity file (persons + card data + padding), NIR
 * file (then `nirTail`, bytes after its templates), a protected file.
 */
export function vitale2Read(persons: readonly PersonSpec[], nirTail?: Uint8Array): RawCardRead {
  const identity = encodeTlv(
    [
      ...persons.map(
        (p): TlvEncodable => ({
          tag: 0x65,
          children: [
            leaf(0x80, p.surname),
            leaf(0x81, p.givenName),
            leaf(0x82, p.birthDate),
            leaf(0x90, 'FR'),
            ...(p.extra ?? []),
          ],
        }),
      ),
      { tag: 0x66, children: [leaf(0x80, '20200115'), { tag: 0x5f37, value: new Uint8Array(8).fill(0xa5) }] },
    ],
    { raw: new Uint8Array(8).fill(0xff) },
  );
  const nirFile = encodeTlv(
    persons.map((p) => ({ tag: 0x65, children: [leaf(0x93, p.nir)] })),
    nirTail === undefined ? null : { raw: nirTail },
  );
  const directory = encodeTlv([
    {
      tag: 0xe0,
      children: [
        {
          tag: 0xa0,
          children: [
            { tag: 0x82, value: Uint8Array.from([0, 1, 0, 0, ...MF_VITALE_AID]) },
            { tag: 0x82, value: Uint8Array.from([0, 2, 0, 0, ...VITALE_AID]) },
          ],
        },
        { tag: 0x80, value: Uint8Array.from([...latin1('IDENTITE'), 0, 1, 0xd0, 0x01]) },
        { tag: 0x80, value: Uint8Array.from([...latin1('NIR     '), 0, 2, 0xd0, 0x02]) },
      ],
    },
  ]);
  const files: RawFile[] = [
    {
      kind: 'directory',
      location: { aid: VITALE_AID, fid: 0x2001 },
      status: 'read',
      data: directory,
      sw: 0x9000,
    },
    {
      kind: 'identity',
      location: { aid: MF_VITALE_AID, fid: 0xd001 },
      status: 'read',
      data: identity,
      sw: 0x6282,
    },
    { kind: 'nir', location: { aid: VITALE_AID, sfi: 2 }, status: 'read', data: nirFile, sw: 0x9000 },
    {
      kind: 'other',
      location: { aid: VITALE_AID, fid: 0xd003, name: 'DROITS' },
      status: 'protected',
      sw: 0x6982,
    },
  ];
  return { atr: V2_ATR, generation: 'vitale-2', files };
}

export function decode(read: RawCardRead): Card {
  return decodeCard(read).value;
}

export const ALICE: PersonSpec = {
  surname: 'EXEMPLE',
  givenName: 'ALICE',
  birthDate: '19751023',
  nir: nir('2751075112345'),
};
const BRUNO: PersonSpec = {
  surname: 'EXEMPLE',
  givenName: 'BRUNO',
  birthDate: '19730412',
  nir: nir('1730469123456'),
};
/** A child on the parent's card: carries the parent's NIR [M], so `nirCertifie` stays empty. */
const CHLOE: PersonSpec = { surname: 'EXEMPLE', givenName: 'CHLOE', birthDate: '20100305', nir: ALICE.nir };

export const single = (): Card => decode(vitale2Read([ALICE]));
export const family = (): Card => decode(vitale2Read([ALICE, BRUNO, CHLOE]));

export const accents = (): Card =>
  decode(
    vitale2Read([
      {
        surname: "DE LA FONTAINE-SAINT-ÉTIENNE D'ARGENTIÈRES DU CHÂTEAU",
        givenName: 'ZOÉ-FRANÇOISE ANAÏS',
        birthDate: '19881130',
        nir: nir('2881175056789'),
      },
      {
        surname: 'MÜLLER & FILS <SARL>',
        givenName: 'JOSÉ "PEPE"',
        birthDate: '19600101',
        nir: nir('1600199216001'),
      },
    ]),
  );

export const lunar = (): Card =>
  decode(
    vitale2Read([
      { surname: 'LUNE', givenName: 'SANS JOUR', birthDate: '19800700', nir: nir('1800799350001') },
      { surname: 'LUNE', givenName: 'SANS MOIS', birthDate: '19800000', nir: nir('2800099350002') },
      {
        surname: 'LUNE',
        givenName: 'TRENTE ET UN FEVRIER',
        birthDate: '19750231',
        nir: nir('1750299350003'),
      },
    ]),
  );

export const corsica = (): Card =>
  decode(
    vitale2Read([
      { surname: 'CORSE', givenName: 'ANGE', birthDate: '19530712', nir: '253072B07300470' },
      { surname: 'CORSE', givenName: 'MARIE', birthDate: '19530715', nir: '253072A07300443' },
    ]),
  );

export const overseasAbroad = (): Card =>
  decode(
    vitale2Read([
      { surname: 'OUTREMER', givenName: 'LEA', birthDate: '19850520', nir: nir('2850597112345') },
      { surname: 'ETRANGER', givenName: 'ANNA', birthDate: '19951001', nir: '295109912611193' },
    ]),
  );

export const provisional = (): Card =>
  decode(
    vitale2Read([
      { surname: 'PROVISOIRE', givenName: 'LUC', birthDate: '19900615', nir: nir('7900675123456') },
    ]),
  );

export const wrongKey = (): Card =>
  decode(vitale2Read([{ ...ALICE, surname: 'MAUVAISECLE', nir: nir('2751075112345', true) }]));

/**
 * Tags nobody interprets, in the identity template (`C1`) and at the top of
 * the NIR file (`C2`), then a byte after the NIR file's padding (a diagnostic).
 */
export const unknownTags = (): Card =>
  decode(
    vitale2Read(
      [{ ...ALICE, extra: [{ tag: 0xc1, value: Uint8Array.from([0x01, 0x02]) }] }],
      Uint8Array.from([0xc2, 0x01, 0x00, 0xff, 0xff, 0x42]),
    ),
  );

/** Vitale 1: detected and dumped, no field decoded (the layout is not public). */
export const vitale1 = (): Card =>
  decode({
    atr: fromHex('3F 65 25 00 22 09 F9 90 00'),
    generation: 'vitale-1',
    vitale1: {
      info: fromHex('0102030405060708'),
      subtype: 'SCOT',
      chunks: [
        { address: 0x0288, status: 'read', sw: 0x9000, data: fromHex('3FFFFFFF 00123456 40ABCDEF 7FFFFFFF') },
        { address: 0x02a8, status: 'protected', sw: 0x6982 },
      ],
    },
  });

/** A CPS (health-professional card): not a Vitale card. */
export const notVitale = (): Card =>
  decode({ atr: fromHex('3B DC 18 FF 00 00 12 25 00 64 80 00 04 01 00 90 00'), generation: 'not-vitale' });

function withRights(card: Card, rights: readonly (Rights | null)[], at: WorkAccidentRights | null): Card {
  const persons = card.persons.map((person, i): Person => {
    const r = rights[i] ?? null;
    return r === null ? person : { ...person, rights: { status: 'available', value: r } };
  });
  return {
    ...card,
    persons,
    workAccidents: at === null ? card.workAccidents : { status: 'available', value: at },
  };
}

/** Full rights, as a later CPx read or online service would fill them: synthetic. */
export const rightsFull = (): Card => {
  const base = family();
  const persons = base.persons.map(
    (p, i): Person => ({ ...p, qualite: lookupQualite(['0', '2', '6'][i]!), birthRank: 1 }),
  );
  const assure: Rights = {
    amo: {
      regime: { code: '01', label: 'Régime général' },
      caisse: '751',
      centreGestionnaire: '7511',
      centreCarte: '7512',
      codeGestion: '10',
      serviceAmo: { code: '01', period: { start: '2019-01-01', end: null } },
      rightsPeriods: [
        { start: '2016-01-01', end: null },
        { start: '2010-01-01', end: '2015-12-31' },
      ],
      coveragePeriods: [
        {
          period: { start: '2020-03-01', end: '2025-02-28' },
          codeAld: '30',
          codeSituation: '0100',
          exonerationCode: '4',
          rate: '100',
          alsaceMoselle: false,
        },
        {
          period: { start: '2021-01-01', end: null },
          codeAld: null,
          codeSituation: '0000',
          exonerationCode: null,
          rate: null,
          alsaceMoselle: true,
        },
      ],
      exonerationLabels: ['ALD exonérante', 'Invalidité', 'Modulation Alsace-Moselle'],
      c2s: { type: 'C2S', period: { start: '2023-01-01', end: '2023-12-31' } },
      acs: { contract: 'A', label: 'ACS contrat A' },
      medecinTraitant: { value: 'DR MEDECIN' },
    },
    amc: {
      numComplB2: '12345678',
      numEdi: '87654321',
      numAdherent: 'AD0001',
      indicTraitement: '1',
      codeRoutageFlux: 'CR',
      hostId: 'HOTE01',
      domainName: 'amc.example',
      validity: { start: '2024-01-01', end: '2024-12-31' },
    },
    mutuelle: {
      numIdent: '99887766',
      garanties: 'G1',
      indicTraitement: '2',
      services: 'S',
      aiguillageSts: 'A',
      label: 'Mutuelle Exemple',
      periods: [{ start: '2024-01-01', end: '2024-12-31' }],
    },
  };
  const amo = assure.amo!;
  const conjoint: Rights = {
    amo: {
      ...amo,
      exonerationLabels: [],
      acs: { contract: 'B', label: null },
      c2s: null,
      coveragePeriods: [],
    },
    amc: null,
    mutuelle: null,
  };
  // A MSA child: the 6.31 centreCarte setting must not touch it.
  const enfant: Rights = {
    amo: {
      ...conjoint.amo!,
      regime: { code: '02', label: 'Régime agricole (MSA)' },
      acs: { contract: 'C', label: null },
    },
    amc: null,
    mutuelle: null,
  };
  return withRights({ ...base, persons }, [assure, conjoint, enfant], {
    defaultOrganism: '751000001',
    accidents: [
      { organism: '751000002', code: 'AT1', identifier: '123456789' },
      { organism: '751000003', code: null, identifier: null },
    ],
  });
};

/** Every golden profile: name → model. */
export const PROFILES: Readonly<Record<string, () => Card>> = {
  'vitale2-single': single,
  'vitale2-family': family,
  'vitale2-accents-long-names': accents,
  'vitale2-lunar-dates': lunar,
  'vitale2-corsica': corsica,
  'vitale2-overseas-abroad': overseasAbroad,
  'vitale2-provisional-nir': provisional,
  'vitale2-wrong-key': wrongKey,
  'vitale2-unknown-tags': unknownTags,
  'vitale1-dump': vitale1,
  'not-vitale-cps': notVitale,
  'rights-full': rightsFull,
};
