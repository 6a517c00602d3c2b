import { describe, expect, it } from 'vitest';
import { MF_VITALE_AID, VITALE_AID } from './aids.js';
import { decodeDirectory } from './directory.js';
import { fromHex, toHex } from './hex.js';
import { ascii, directoryHex, tlv } from './testing/synthetic.js';

const summary = (hex: string) => {
  const { value, diagnostics } = decodeDirectory(fromHex(hex));
  return {
    applications: value.applications.map(
      (a) => `${a.entry.value}:${toHex(a.unknownBytes.value)}:${a.name ?? toHex(a.aid.value)}`,
    ),
    files: value.files.map(
      (f) => `${f.name.value}@${f.application.value}:${f.fid.value.toString(16).toUpperCase()}`,
    ),
    unknown: value.unknown.map((u) => u.path),
    diagnostics: diagnostics.map((d) => `${d.code}@${d.path}`),
  };
};

const APP_1 = tlv('82', '0001', '0000', toHex(MF_VITALE_AID));
const APP_2 = tlv('82', '0002', 'ABCD', toHex(VITALE_AID));
const FILE_1 = tlv('80', ascii('IDENTITE'), '0001', 'D001');

const cases: readonly [hex: string, expected: ReturnType<typeof summary>, why: string][] = [
  [
    directoryHex(),
    {
      applications: ['1:0000:MF_VITALE', '2:0000:VITALE'],
      files: ['IDENTITE@1:D001', 'NIR@2:D002'],
      unknown: [],
      diagnostics: [],
    },
    'the layout: E0 { A0 { 82… } 80… }',
  ],
  [
    tlv('E0', tlv('A0', APP_2, tlv('82', '0003', '0000', 'D2500000044164E86C65')), FILE_1, tlv('C1', '00')) +
      'FFFF',
    {
      applications: ['2:ABCD:VITALE', '3:0000:D2500000044164E86C65'],
      files: ['IDENTITE@1:D001'],
      unknown: ['E0/C1'],
      diagnostics: [],
    },
    'the 2 unknown bytes kept, an unknown AID kept, an unknown tag kept, padding',
  ],
  [
    `E0 81 ${(tlv('A0', APP_1).length / 2 + 15).toString(16)} ${tlv('A0', APP_1)} 80 81 0C ${ascii('IDENTITE')}0001D001`,
    { applications: ['1:0000:MF_VITALE'], files: ['IDENTITE@1:D001'], unknown: [], diagnostics: [] },
    'long-form lengths',
  ],
  [
    tlv('A0', APP_1) + FILE_1,
    {
      applications: ['1:0000:MF_VITALE'],
      files: ['IDENTITE@1:D001'],
      unknown: [],
      diagnostics: ['DIRECTORY_NO_TEMPLATE@'],
    },
    'no E0: the top level is read',
  ],
  [
    tlv('E0', tlv('A0', tlv('82', '000100'), tlv('83', '00')), tlv('80', ascii('SHORT'), '0001', 'D0')),
    {
      applications: [],
      files: [],
      unknown: ['E0/A0/82', 'E0/A0/83', 'E0/80'],
      diagnostics: ['DIRECTORY_ENTRY_MALFORMED@E0/A0/82', 'DIRECTORY_ENTRY_MALFORMED@E0/80'],
    },
    'entries of the wrong size are kept raw',
  ],
  [
    tlv('E0') + tlv('E1', '00'),
    { applications: [], files: [], unknown: ['E1'], diagnostics: [] },
    'empty map',
  ],
];

describe('decodeDirectory', () => {
  it.each(cases)('%s (%s)', (hex, expected) => {
    expect(summary(hex)).toEqual(expected);
  });

  it('resolves the owning AID and keeps byte positions', () => {
    const bytes = fromHex(directoryHex());
    const { value } = decodeDirectory(bytes);
    const [identite] = value.files;
    expect(identite!.aid).toEqual(MF_VITALE_AID);
    for (const field of [identite!.name, identite!.application, identite!.fid, value.applications[1]!.aid]) {
      expect(bytes.subarray(field.offset, field.offset + field.length)).toEqual(field.raw);
    }
    expect(
      decodeDirectory(fromHex(tlv('E0', tlv('80', ascii('ORPHELIN'), '0009', '1234')))).value.files[0]!.aid,
    ).toBeNull();
  });
});
