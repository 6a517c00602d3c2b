/**
 * Builders of synthetic card bytes for tests and benchmarks. Every name, date
 * and NIR here is invented.
 */
import { MF_VITALE_AID, VITALE_AID } from '../aids.js';
import { fromHex, toHex } from '../hex.js';
import type { RawCardRead, RawFile } from '../input.js';

/** One TLV in hex: tag hex, then value parts (hex strings); short or long length as needed. */
export function tlv(tag: string, ...parts: string[]): string {
  const value = parts.join('').replace(/\s/g, '');
  const length = value.length / 2;
  const header =
    length < 0x80 ? hexByte(length) : length < 0x100 ? `81${hexByte(length)}` : `82${hex16(length)}`;
  return `${tag}${header}${value}`;
}

/** ISO-8859-1 text as hex. */
export function ascii(text: string): string {
  return toHex(Uint8Array.from(text, (c) => c.charCodeAt(0)));
}

const hexByte = (n: number) => n.toString(16).padStart(2, '0').toUpperCase();
const hex16 = (n: number) => n.toString(16).padStart(4, '0').toUpperCase();

export interface SyntheticPerson {
  readonly surname: string;
  readonly givenName: string;
  readonly birthDate: string;
  readonly nir: string;
}

export const PERSONS: readonly SyntheticPerson[] = [
  { surname: 'EXEMPLE', givenName: 'ALICE', birthDate: '19751023', nir: '295109912611193' },
  { surname: 'EXEMPLE', givenName: 'BRUNO', birthDate: '20160700', nir: '157016748214562' },
  { surname: 'FICTIF', givenName: 'CLAIRE', birthDate: '19530731', nir: '253072B07300470' },
];

export function identityTemplate(p: SyntheticPerson): string {
  return tlv(
    '65',
    tlv('80', ascii(p.surname)),
    tlv('81', ascii(p.givenName)),
    tlv('82', ascii(p.birthDate)),
    tlv('90', ascii('FRA')),
  );
}

export function directoryHex(): string {
  return tlv(
    'E0',
    tlv('A0', tlv('82', '0001', '0000', toHex(MF_VITALE_AID)), tlv('82', '0002', '0000', toHex(VITALE_AID))),
    tlv('80', ascii('IDENTITE'), '0001', 'D001'),
    tlv('80', ascii('NIR     '), '0002', 'D002'),
  );
}

/** A Vitale 2 read: EF 2001, identity (persons + card data, FF padding), NIR file, a protected file. */
export function syntheticVitale2(persons: readonly SyntheticPerson[] = PERSONS): RawCardRead {
  const identity =
    persons.map(identityTemplate).join('') +
    tlv('66', tlv('80', ascii('20200115')), tlv('5F37', '00'.repeat(64))) +
    'FF'.repeat(16);
  const nir = persons.map((p) => tlv('65', tlv('93', ascii(p.nir)))).join('');
  const files: RawFile[] = [
    {
      kind: 'directory',
      location: { aid: VITALE_AID, fid: 0x2001 },
      status: 'read',
      data: fromHex(directoryHex()),
      sw: 0x9000,
    },
    {
      kind: 'identity',
      location: { aid: MF_VITALE_AID, fid: 0xd001 },
      status: 'read',
      data: fromHex(identity),
      sw: 0x6282,
    },
    { kind: 'nir', location: { aid: VITALE_AID, sfi: 2 }, status: 'read', data: fromHex(nir), sw: 0x9000 },
    { kind: 'other', location: { aid: VITALE_AID, fid: 0xd003 }, status: 'protected', sw: 0x6982 },
  ];
  return { atr: fromHex('3B7513000045 09EA9000'), generation: 'vitale-2', files };
}

/** A Vitale 1 read: `BC C0` info and memory chunks of 32-bit words. */
export function syntheticVitale1(chunks = 4, wordsPerChunk = 32): RawCardRead {
  const list = Array.from({ length: chunks }, (_, c) => ({
    address: 0x0288 + c * wordsPerChunk * 8,
    status: 'read' as const,
    sw: 0x9000,
    data: Uint8Array.from({ length: wordsPerChunk * 4 }, (_, i) => (i * 37 + c) & 0xff),
  }));
  return {
    atr: fromHex('3F6525002209F99000'),
    generation: 'vitale-1',
    vitale1: { info: fromHex('0102030405060708'), subtype: 'SCOT', chunks: list },
  };
}
