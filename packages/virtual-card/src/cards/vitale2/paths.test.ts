import { fromHex, toHex } from '@openvitale/transport';
import { describe, expect, it } from 'vitest';
import type { Vitale2Profile } from '../../profile.js';
import { fixture, hexCard } from '../../test-support/fixtures.js';
import { createCard } from '../create.js';
import { identityFile, nirFile } from './content.js';

const VITALE = 'D250000002564954414C45';
const MF_VITALE = 'D2500000024D465F564954414C45';

async function load(name: string) {
  const profile = (await fixture(name)) as Vitale2Profile;
  const card = createCard(profile);
  return {
    send: hexCard(card),
    identity: toHex(identityFile(profile.persons, {}), ' '),
    nir: toHex(nirFile(profile.persons, {}), ' '),
  };
}

/** The data of a response, its SW dropped. */
const data = (response: string) => response.slice(0, -6);

function rufus(send: (c: string) => string) {
  expect(send('00 A4 00 00 02 3F 00')).toMatch(/^61 /);
  const identity = send('00 B0 82 00 00');
  expect(send(`00 A4 04 00 0B ${VITALE}`)).toMatch(/^61 /);
  const nir = send('00 B0 82 00 00');
  return { identity, nir };
}

function nodeReader(send: (c: string) => string) {
  expect(send(`00 A4 04 00 0E ${MF_VITALE} 00`)).toMatch(/^61 /);
  expect(send('00 A4 02 00 02 D0 01 00')).toBe('61 1E');
  const fcp = send('00 C0 00 00 1E');
  expect(fcp).toMatch(/^62 1C 80 02 .. .. 82 02 01 21 83 02 D0 01 /);
  expect(fcp.endsWith('90 00')).toBe(true);
  return send('00 B0 00 00 7C');
}

/** cardpeek's path: EF 2001, then every listed file of every listed application. */
function discovery(send: (c: string) => string): Map<string, string> {
  expect(send(`00 A4 04 0C 0B ${VITALE}`)).toBe('90 00');
  expect(send('00 A4 02 0C 02 20 01')).toBe('90 00');
  const directory = fromHex(data(send('00 B0 00 00 00')));
  expect(directory[0]).toBe(0xe0);
  // A minimal walk of E0 { A0 { 82... }, 80... } with short lengths, enough for the test.
  const apps = new Map<number, string>();
  const files: { entry: number; fid: string; name: string }[] = [];
  let i = 2;
  const end = 2 + directory[1]!;
  while (i < end) {
    const tag = directory[i]!;
    const length = directory[i + 1]!;
    const value = directory.subarray(i + 2, i + 2 + length);
    if (tag === 0xa0) {
      for (let j = 0; j < value.length; j += 2 + value[j + 1]!) {
        const entry = value.subarray(j + 2, j + 2 + value[j + 1]!);
        apps.set((entry[0]! << 8) | entry[1]!, toHex(entry.subarray(4)));
      }
    } else if (tag === 0x80) {
      const name = String.fromCharCode(...value.subarray(0, 8)).trim();
      files.push({ name, entry: (value[8]! << 8) | value[9]!, fid: toHex(value.subarray(10, 12), ' ') });
    }
    i += 2 + length;
  }
  const contents = new Map<string, string>();
  for (const file of files) {
    const aid = apps.get(file.entry)!;
    expect(send(`00 A4 04 0C ${(aid.length / 2).toString(16).padStart(2, '0')} ${aid}`)).toBe('90 00');
    expect(send(`00 A4 02 0C 02 ${file.fid}`)).toBe('90 00');
    contents.set(file.name, send('00 B0 00 00 00'));
  }
  return contents;
}

describe('the public reading paths, APDU by APDU', () => {
  it('standard layout: all three paths give the identity and NIR bytes', async () => {
    const { send, identity, nir } = await load('vitale2-single');
    const viaSfi = rufus(send);
    expect(viaSfi.identity).toBe(`${identity} 62 82`);
    expect(viaSfi.nir).toBe(`${nir} 62 82`);
    expect(data(nodeReader(send))).toBe(identity);
    const found = discovery(send);
    expect(data(found.get('IDENTITE')!)).toBe(identity);
    expect(data(found.get('NIR')!)).toBe(nir);
    expect(found.get('CARTE')!.startsWith('66 ')).toBe(true);
    expect(found.get('DROITS')).toBe('69 82');
  });

  it('discovery layout: cardpeek path only; SFI reads answer 6A 82', async () => {
    const { send, identity, nir } = await load('vitale2-layout-discovery');
    const found = discovery(send);
    expect(data(found.get('IDENTITE')!)).toBe(identity);
    expect(data(found.get('NIR')!)).toBe(nir);
    expect(rufus(send)).toEqual({ identity: '6A 82', nir: '6A 82' });
  });

  it('sfi layout: Rufus path only; no EF 2001, no D001', async () => {
    const { send, identity, nir } = await load('vitale2-layout-sfi');
    expect(rufus(send)).toEqual({ identity: `${identity} 62 82`, nir: `${nir} 62 82` });
    send(`00 A4 04 0C 0B ${VITALE}`);
    expect(send('00 A4 02 0C 02 20 01')).toBe('6A 82');
    send(`00 A4 04 0C 0E ${MF_VITALE}`);
    expect(send('00 A4 02 0C 02 D0 01')).toBe('6A 82');
  });

  it('fci-get-response layout: the Node.js reader path gives the 124-byte identity file', async () => {
    const { send, identity } = await load('vitale2-layout-fci-get-response');
    const answer = nodeReader(send);
    expect(answer.endsWith('90 00')).toBe(true);
    expect(data(answer).startsWith(identity)).toBe(true);
    expect(data(answer).split(' ')).toHaveLength(0x7c);
    const viaSfi = rufus(send);
    expect(viaSfi.identity).toBe('6A 82');
    expect(viaSfi.nir.startsWith('65 ')).toBe(true);
  });

  it('select-00-only and select-0C-only layouts refuse the other P2 with 6A 86', async () => {
    const only00 = (await load('vitale2-layout-select-00-only')).send;
    expect(only00(`00 A4 04 0C 0B ${VITALE}`)).toBe('6A 86');
    expect(only00(`00 A4 04 00 0B ${VITALE}`)).toMatch(/^61 /);
    expect(data(nodeReader(only00)).length).toBeGreaterThan(0);
    const only0C = (await load('vitale2-layout-select-0c-only')).send;
    expect(only0C(`00 A4 04 00 0B ${VITALE} 00`)).toBe('6A 86');
    expect(only0C('00 A4 00 00 02 3F 00')).toBe('6A 86');
    expect(only0C(`00 A4 04 0C 0B ${VITALE}`)).toBe('90 00');
    expect(only0C('00 B0 82 00 00')).toMatch(/^65 /);
  });
});

describe('file contents', () => {
  it('reads a file over 256 bytes by offset, with 62 82 on the short last chunk and 6B 00 past the end', async () => {
    const { send, identity } = await load('vitale2-large-files');
    send('00 A4 00 0C 02 3F 00');
    send('00 A4 02 0C 02 D0 01');
    const chunks = ['00 00', '01 00', '02 00'].map((offset) => send(`00 B0 ${offset} 00`));
    expect(chunks[0]!.endsWith('90 00')).toBe(true);
    expect(data(chunks[0]!).startsWith(identity)).toBe(true);
    expect(chunks[1]!.endsWith('90 00')).toBe(true);
    expect(chunks[2]!.endsWith('62 82')).toBe(true);
    expect(data(chunks[2]!).split(' ')).toHaveLength(700 - 512);
    expect(send('00 B0 02 BC 01')).toBe('6B 00');
    expect(send('00 B0 02 BB 01')).toBe('00 90 00');
  });

  it('pads with FF and encodes every length in long form on the long-lengths card', async () => {
    const { send } = await load('vitale2-long-lengths');
    send('00 A4 00 0C 02 3F 00');
    const identity = send('00 B0 82 00 00');
    expect(identity.startsWith('65 81 ')).toBe(true);
    expect(identity).toContain(' 80 81 06 4D 4F 52 45 41 55 ');
    expect(identity.endsWith('FF FF 62 82')).toBe(true);
    expect(data(identity).split(' ')).toHaveLength(160);
  });

  it('answers each protected file its own security status, SELECT still working', async () => {
    const { send } = await load('vitale2-protected-files');
    send(`00 A4 04 0C 0B ${VITALE}`);
    for (const [fid, sw] of [
      ['D0 04', '69 82'],
      ['D0 06', '69 85'],
      ['D0 07', '69 86'],
    ]) {
      expect(send(`00 A4 02 0C 02 ${fid}`)).toBe('90 00');
      expect(send('00 B0 00 00 00')).toBe(sw);
    }
  });

  it('keeps ISO-8859-1 bytes and a long-form length for a long identity template', async () => {
    const { send } = await load('vitale2-accents-long-names');
    send('00 A4 00 0C 02 3F 00');
    const identity = send('00 B0 82 00 00');
    expect(identity.startsWith('65 81 ')).toBe(true);
    expect(identity).toContain('C9 50 45 52 4E 4F 4E'); // ÉPERNON
    expect(identity).toContain('4A 4F 53 C9 2D D1 4F D1 4F 20 20 20'); // JOSÉ-ÑOÑO + spaces
  });
});
