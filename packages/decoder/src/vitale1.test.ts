import { describe, expect, it } from 'vitest';
import { DiagnosticSink } from './diagnostics.js';
import { fromHex } from './hex.js';
import type { RawVitale1Read } from './input.js';
import { DEFAULT_LIMITS } from './options.js';
import { unpackVitale1 } from './vitale1.js';

function unpack(hex: string, limits = DEFAULT_LIMITS) {
  const read: RawVitale1Read = {
    info: null,
    chunks: [{ address: 0x0288, status: 'read', sw: 0x9000, data: fromHex(hex) }],
  };
  const sink = new DiagnosticSink();
  const dump = unpackVitale1(read, limits, sink);
  return { chunk: dump.chunks[0]!, codes: sink.list.map((d) => `${d.code}@${d.path}:${d.offset}`) };
}

const words: readonly [hex: string, control: number, payload: number, erased: boolean, why: string][] = [
  ['00000000', 0, 0, false, 'all zero'],
  ['C0000001', 3, 1, false, 'both control bits set'],
  ['7FFFFFFF', 1, 0x3fffffff, true, 'erased-looking payload'],
  ['80123456', 2, 0x123456, false, 'BCD-looking payload'],
];

describe('unpackVitale1', () => {
  it.each(words)('%s → control %i payload %i (%s)', (hex, control, payload, erased) => {
    expect(unpack(hex).chunk.words[0]).toMatchObject({
      address: 0x0288,
      offset: 0,
      control,
      payload,
      erased,
    });
  });

  const streams: readonly [hex: string, nibbles: string, why: string][] = [
    ['3FFFFFFF', 'FFFFFFFC', 'one word: 30 bits, then 2 zero bits'],
    ['3FFFFFFF 3FFFFFFF', 'FFFFFFFFFFFFFFF', 'two words: 60 bits, 15 nibbles'],
    ['C0000001 00000002', '000000040000002', 'control bits are not in the stream'],
    ['', '', 'an empty chunk'],
  ];
  it.each(streams)('%s → %s (%s)', (hex, nibbles) => {
    expect(unpack(hex).chunk.nibbles).toBe(nibbles);
  });

  it('addresses words in nibbles, 8 per word', () => {
    expect(unpack('00000000 00000000 00000000').chunk.words.map((w) => w.address)).toEqual([
      0x0288, 0x0290, 0x0298,
    ]);
  });

  it('keeps a partial word raw and reports it', () => {
    const { chunk, codes } = unpack('00000001 AABB');
    expect(chunk.words).toHaveLength(1);
    expect(chunk.remainder).toEqual(fromHex('AABB'));
    expect(codes).toEqual(['V1_PARTIAL_WORD@vitale1/chunks[0]:4']);
  });

  it('bounds the dump size', () => {
    const { chunk, codes } = unpack('00000001 00000002', { ...DEFAULT_LIMITS, maxInputLength: 4 });
    expect(chunk.words).toHaveLength(1);
    expect(chunk.raw).toHaveLength(8);
    expect(codes).toEqual(['INPUT_TOO_LARGE@vitale1/chunks[0]:4']);
  });

  it('keeps per-chunk status and the info bytes', () => {
    const read: RawVitale1Read = {
      info: fromHex('0102030405060708'),
      subtype: 'IGEA',
      chunks: [{ address: 0x2128, status: 'failed', sw: 0x6b00 }],
    };
    const dump = unpackVitale1(read, DEFAULT_LIMITS, new DiagnosticSink());
    expect(dump).toMatchObject({ info: fromHex('0102030405060708'), subtype: 'IGEA' });
    expect(dump.chunks[0]).toMatchObject({ status: 'failed', sw: 0x6b00, words: [], nibbles: '' });
  });
});
