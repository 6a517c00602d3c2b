import { describe, expect, it } from 'vitest';
import { parseResourceTable } from './resources.js';

function row(
  alias: string,
  name: string,
  lad: number,
  pad: number,
  channel: number,
  type: number,
): Uint8Array {
  const bytes = new Uint8Array(26);
  bytes.set(Buffer.from(alias, 'latin1'), 0);
  bytes.set(Buffer.from(name, 'latin1'), 9);
  bytes.set([lad, pad, channel, type, 1, 0, 2, 0], 18);
  return bytes;
}

describe('parseResourceTable', () => {
  it('reads 26-byte packed rows and merges a name’s aliases', () => {
    const table = Buffer.concat([
      row('TRANSPA1', 'CPS', 1, 2, 1, 1),
      row('TRANSPA2', 'Vitale', 2, 2, 1, 1),
      row('VIT', 'Vitale', 2, 2, 1, 1),
      row('', 'Log_SV', 0, 2, 1, 1),
    ]);
    expect(parseResourceTable(table)).toEqual([
      {
        name: 'CPS',
        aliases: ['TRANSPA1'],
        lad: 1,
        pad: 2,
        channel: 1,
        channelType: 1,
        connectionType: 1,
        protocol: 2,
      },
      {
        name: 'Vitale',
        aliases: ['TRANSPA2', 'VIT'],
        lad: 2,
        pad: 2,
        channel: 1,
        channelType: 1,
        connectionType: 1,
        protocol: 2,
      },
      {
        name: 'Log_SV',
        aliases: [],
        lad: 0,
        pad: 2,
        channel: 1,
        channelType: 1,
        connectionType: 1,
        protocol: 2,
      },
    ]);
  });

  it('reads big-endian u16 when told, and ignores a trailing partial row', () => {
    const table = Buffer.concat([row('', 'CPS', 1, 0, 1, 3), Buffer.alloc(5)]);
    expect(parseResourceTable(table, false)[0]).toMatchObject({ connectionType: 0x0100, protocol: 0x0200 });
    expect(parseResourceTable(table)).toHaveLength(1);
  });
});
