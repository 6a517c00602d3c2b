import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCard } from './card.js';
import { DecodeError } from './diagnostics.js';
import { decodeDirectory } from './directory.js';
import type { FileKind } from './input.js';
import { DEFAULT_LIMITS } from './options.js';
import { parseTlv, type TlvNode } from './tlv.js';
import { encodeTlv, type TlvEncodable } from './tlv-encode.js';

const RUNS = { numRuns: 500 };

function countNodes(nodes: readonly TlvNode[]): number {
  return nodes.reduce((n, node) => n + 1 + countNodes(node.children ?? []), 0);
}

function depth(nodes: readonly TlvNode[]): number {
  return nodes.reduce((d, node) => Math.max(d, 1 + depth(node.children ?? [])), 0);
}

/** Byte strings biased towards TLV-looking input: tags and lengths the decoder knows. */
const tlvish = fc
  .array(
    fc.oneof(
      fc.constantFrom(0x65, 0x66, 0x80, 0x81, 0x82, 0x93, 0xe0, 0xa0, 0x7f, 0x5f, 0x9f, 0x00, 0xff),
      fc.constantFrom(0x81, 0x82, 0x84, 0x80, 0x85, 0x01, 0x02, 0x7f),
      fc.integer({ min: 0, max: 255 }),
    ),
    { maxLength: 400 },
  )
  .map((list) => Uint8Array.from(list));

const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 600 }), tlvish);

describe('any byte string', () => {
  it('parses without throwing, within bounds, and re-encodes to the same bytes', () => {
    const limits = { maxDepth: 6, maxNodes: 64 };
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        const started = performance.now();
        const { value } = parseTlv(bytes, { limits });
        expect(performance.now() - started).toBeLessThan(100);
        expect(countNodes(value.nodes)).toBeLessThanOrEqual(limits.maxNodes);
        expect(depth(value.nodes)).toBeLessThanOrEqual(limits.maxDepth);
        expect(encodeTlv(value.nodes, value.tail)).toEqual(bytes);
      }),
      RUNS,
    );
  });

  it('in strict mode gives a result or one DecodeError, nothing else', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        try {
          expect(parseTlv(bytes, { strict: true }).diagnostics).toEqual([]);
        } catch (error) {
          expect(DecodeError.isInstance(error)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('decodes as any card file without throwing', () => {
    const kind = fc.constantFrom<FileKind>('directory', 'identity', 'nir', 'other');
    fc.assert(
      fc.property(fc.array(fc.tuple(kind, anyBytes), { maxLength: 4 }), (files) => {
        const { value } = decodeCard({
          atr: new Uint8Array(0),
          generation: 'vitale-2',
          files: files.map(([k, data]) => ({ kind: k, location: {}, status: 'read', data })),
        });
        expect(value.files).toHaveLength(files.length);
        decodeDirectory(files[0]?.[1] ?? new Uint8Array(0));
      }),
      RUNS,
    );
  });

  it('stays fast on hostile nesting and huge declared lengths', () => {
    const deep = new Uint8Array(20_000).map((_, i) => (i % 2 === 0 ? 0x65 : 0x7f));
    const started = performance.now();
    const { value, diagnostics } = parseTlv(deep);
    expect(performance.now() - started).toBeLessThan(200);
    expect(depth(value.nodes)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxDepth);
    expect(diagnostics.length).toBeGreaterThan(0);
    const flat = new Uint8Array(60_000).map((_, i) => (i % 2 === 0 ? 0x80 : 0x00));
    expect(countNodes(parseTlv(flat).value.nodes)).toBe(DEFAULT_LIMITS.maxNodes);
  });
});

/** Valid trees: primitive and constructed tags of 1–3 bytes, short and long lengths. */
const primitiveTag = fc.constantFrom(0x80, 0x81, 0x93, 0x5f37, 0x9f8101);
const constructedTag = fc.constantFrom(0x65, 0x66, 0xa0, 0xe0, 0x7f21);
const lengthOctets = fc.constantFrom(1, 1, 2, 3, 5);
const { node: tree } = fc.letrec<{ node: TlvEncodable }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ tag: primitiveTag, value: fc.uint8Array({ maxLength: 300 }), lengthOctets }),
    fc.record({ tag: constructedTag, children: fc.array(tie('node'), { maxLength: 4 }), lengthOctets }),
  ),
}));

/** A tree as tags and values only, to compare a generated tree with its decoding. */
function strip(node: TlvEncodable): unknown {
  return node.children
    ? { tag: node.tag, children: node.children.map(strip) }
    : { tag: node.tag, value: node.value };
}

describe('valid TLV trees', () => {
  it('decode → encode gives back the same bytes and the same tree', () => {
    fc.assert(
      fc.property(fc.array(tree, { maxLength: 4 }), (nodes) => {
        const bytes = encodeTlv(nodes);
        const { value, diagnostics } = parseTlv(bytes, {
          limits: { maxNodes: 100_000, maxDepth: 64, maxInputLength: 1 << 24 },
        });
        expect(diagnostics).toEqual([]);
        expect(value.nodes.map(strip)).toEqual(nodes.map(strip));
        expect(encodeTlv(value.nodes, value.tail)).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });
});
