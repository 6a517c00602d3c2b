import { describe, expect, it } from 'vitest';
import { readMockConfig } from './config.js';
import { resourceTable } from './server.js';

const INI = [
  '[CONFIG]',
  'NbCanaux=1',
  '[CANAL1]',
  'TCanal=1',
  'Index=1',
  'NbPAD=1',
  '[CANAL1.PAD1]',
  'PAD=2',
  'NbLAD=2',
  '[CANAL1.PAD1.LAD1]',
  'LAD=1',
  'NomLAD=CPS',
  'NbAlias=1',
  'NomAlias1=TRANSPA1',
  '[CANAL1.PAD1.LAD2]',
  'LAD=2',
  'NomLAD=Vitale',
  'MockPort=0',
  'MockFault=mute',
  '[MOCK]',
  'CardTimeoutMs=250',
].join('\r\n');

describe('the mock reads a galss.ini with its own keys', () => {
  it('finds every LAD, its aliases, faults and the card timeout', () => {
    const config = readMockConfig(INI);
    expect(config.cardTimeoutMs).toBe(250);
    expect(config.exclusivity).toBe('lenient');
    expect(config.resources.map((r) => [r.name, r.aliases, r.lad, r.pad, r.channelType, r.fault])).toEqual([
      ['CPS', ['TRANSPA1'], 1, 2, 1, undefined],
      ['Vitale', [], 2, 2, 1, 'mute'],
    ]);
  });

  it('refuses an unknown fault', () => {
    expect(() => readMockConfig(INI.replace('MockFault=mute', 'MockFault=melted'))).toThrow(
      /unknown MockFault/,
    );
  });

  it('reads the exclusivity rule, and refuses an unknown one', () => {
    expect(readMockConfig(`${INI}\r\nExclusivity=require`).exclusivity).toBe('require');
    expect(readMockConfig(`${INI}\r\nExclusivity=refuse-while-held`).exclusivity).toBe('refuse-while-held');
    expect(() => readMockConfig(`${INI}\r\nExclusivity=strict`)).toThrow(/unknown Exclusivity "strict"/);
  });

  it('lays the info rows out as 26 packed bytes, one per alias', () => {
    const table = resourceTable(readMockConfig(INI).resources);
    expect(table.length).toBe(52);
    expect(Buffer.from(table.subarray(0, 8)).toString('latin1')).toBe('TRANSPA1');
    expect(Buffer.from(table.subarray(9, 12)).toString('latin1')).toBe('CPS');
    expect([...table.subarray(18, 26)]).toEqual([1, 2, 1, 1, 1, 0, 1, 0]);
    expect(table[26]).toBe(0); // Vitale has no alias
  });
});
