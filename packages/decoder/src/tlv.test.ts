import { describe, expect, it } from 'vitest';
import { DecodeError } from './diagnostics.js';
import { fromHex, toHex } from './hex.js';
import { type Limits, MAX_LIMITS } from './options.js';
import { parseTlv, type TlvNode, type TlvTree } from './tlv.js';
import { encodeTlv } from './tlv-encode.js';

/** A compact picture of a tree: `65{80=41 81=42} |padding:FFFF`. */
function shape(tree: { readonly nodes: readonly TlvNode[]; readonly tail: TlvTree['tail'] }): string {
  const nodes = tree.nodes.map((n) =>
    n.children === null
      ? `${n.tagHex}=${toHex(n.value)}`
      : `${n.tagHex}{${shape({ nodes: n.children, tail: n.tail })}}`,
  );
  const tail = tree.tail === null ? [] : [`|${tree.tail.kind}:${toHex(tree.tail.raw)}`];
  return [...nodes, ...tail].join(' ');
}

const cases: readonly [hex: string, expected: string, diagnostics: string[], why: string][] = [
  ['', '', [], 'an empty file is an empty list'],
  ['80 02 4142', '80=4142', [], 'a primitive object, short length'],
  ['80 00', '80=', [], 'a zero-length value'],
  ['65 06 80 01 41 81 01 42', '65{80=41 81=42}', [], 'a constructed template (bit 6 of the tag)'],
  ['7F21 05 5F37 02 AABB', '7F21{5F37=AABB}', [], 'two-byte tags (xF / x1F first byte)'],
  ['9F8101 01 00', '9F8101=00', [], 'a three-byte tag: continuation bit 8 on the middle byte'],
  ['80 81 03 414243', '80=414243', [], 'long form 81: one length byte'],
  ['80 82 0001 41', '80=41', [], 'long form 82, not minimal: still read'],
  ['80 84 00000001 41', '80=41', [], 'long form 84: four length bytes, the most accepted'],
  [`80 81 80 ${'41'.repeat(128)}`, `80=${'41'.repeat(128)}`, [], 'a 128-byte value needs the long form'],
  ['80 01 41 FF FF', '80=41 |padding:FFFF', [], 'FF padding ends the list'],
  ['80 01 41 00 00 00', '80=41 |padding:000000', [], '00 padding ends the list'],
  ['FF FF FF', '|padding:FFFFFF', [], 'an erased file is all padding'],
  ['65 05 80 01 41 00 FF', '65{80=41 |padding:00FF}', [], 'padding inside a template'],
  ['65 00', '65{}', [], 'an empty constructed object'],
  [
    '80 01 41 FF 80 01 42',
    '80=41 |unparsed:FF800142',
    ['TLV_DATA_AFTER_PADDING'],
    'data after padding is kept raw',
  ],
  ['80', '|unparsed:80', ['TLV_TRUNCATED'], 'a tag without length'],
  ['9F', '|unparsed:9F', ['TLV_TRUNCATED'], 'a multi-byte tag cut short'],
  ['9F 81 81 81 81 01', '|unparsed:9F8181818101', ['TLV_TAG_TOO_LONG'], 'a tag over 4 bytes'],
  ['80 80 41 00 00', '|unparsed:8080410000', ['TLV_LENGTH_UNSUPPORTED'], 'indefinite length is not ISO 7816'],
  [
    '80 85 0000000001 41',
    '|unparsed:80850000000001 41'.replace(' ', ''),
    ['TLV_LENGTH_UNSUPPORTED'],
    '5 length bytes',
  ],
  ['80 82 00', '|unparsed:808200', ['TLV_TRUNCATED'], 'a long-form length cut short'],
  ['80 05 41', '|unparsed:800541', ['TLV_LENGTH_OVERFLOW'], 'a declared length past the end'],
  [
    '80 84 FFFFFFFF 41',
    '|unparsed:8084FFFFFFFF41',
    ['TLV_LENGTH_OVERFLOW'],
    'a 4 GiB length is not allocated',
  ],
  ['65 03 80 05 41', '65{|unparsed:800541}', ['TLV_LENGTH_OVERFLOW'], 'a child past the end of its parent'],
  [
    '80 01 41 81 03 42',
    '80=41 |unparsed:810342',
    ['TLV_LENGTH_OVERFLOW'],
    'good objects before a bad one are kept',
  ],
];

describe('parseTlv', () => {
  it.each(cases)('%s → %s %j (%s)', (hex, expected, codes) => {
    const bytes = fromHex(hex);
    const { value, diagnostics } = parseTlv(bytes);
    expect(shape(value)).toBe(expected);
    expect(diagnostics.map((d) => d.code)).toEqual(codes);
    expect(encodeTlv(value.nodes, value.tail)).toEqual(bytes);
  });

  it('keeps offset, length and raw on every node', () => {
    const bytes = fromHex('65 81 07 80 01 41 9F21 01 42');
    const [top] = parseTlv(bytes).value.nodes;
    expect(top).toMatchObject({
      tag: 0x65,
      tagHex: '65',
      offset: 0,
      length: 10,
      lengthOctets: 2,
      valueOffset: 3,
    });
    const [a, b] = top!.children!;
    expect(a).toMatchObject({ path: '65/80', index: 0, offset: 3, length: 3, valueOffset: 5 });
    expect(b).toMatchObject({ tag: 0x9f21, path: '65/9F21', index: 1, offset: 6, length: 4, valueOffset: 9 });
    expect(toHex(b!.raw)).toBe('9F210142');
    expect(toHex(b!.value)).toBe('42');
  });

  it('points diagnostics at the byte and the path', () => {
    const { diagnostics } = parseTlv(fromHex('65 05 80 01 41 81 09'));
    expect(diagnostics).toEqual([
      { code: 'TLV_LENGTH_OVERFLOW', message: expect.any(String), offset: 5, path: '65/81' },
    ]);
  });

  const limited: readonly [
    hex: string,
    limits: Partial<Limits>,
    expected: string,
    code: string,
    why: string,
  ][] = [
    ['65 04 65 02 65 00', { maxDepth: 2 }, '65{65{|unparsed:6500}}', 'TLV_DEPTH_LIMIT', 'depth is bounded'],
    [
      '80 01 41 80 01 42 80 01 43',
      { maxNodes: 2 },
      '80=41 80=42 |unparsed:800143',
      'TLV_NODE_LIMIT',
      'nodes are bounded',
    ],
    ['80 01 41', { maxInputLength: 2 }, '|unparsed:800141', 'INPUT_TOO_LARGE', 'input size is bounded'],
  ];
  it.each(limited)('%s with %j → %s (%s, %s)', (hex, limits, expected, code) => {
    const bytes = fromHex(hex);
    const { value, diagnostics } = parseTlv(bytes, { limits });
    expect(shape(value)).toBe(expected);
    expect(diagnostics.map((d) => d.code)).toEqual([code]);
    expect(encodeTlv(value.nodes, value.tail)).toEqual(bytes);
  });

  /** `depth` constructed `E0` objects, one inside the other, around `80 01 41`. */
  const nested = (depth: number) => {
    let inner = fromHex('80 01 41');
    for (let i = 0; i < depth; i++) inner = encodeTlv([{ tag: 0xe0, value: inner }]);
    return inner;
  };

  it.each([
    [{ maxDepth: 5000 }, /maxDepth must be a whole number from 1 to 64/],
    [{ maxDepth: 0 }, /maxDepth/],
    [{ maxDepth: 1.5 }, /maxDepth/],
    [{ maxNodes: Number.NaN }, /maxNodes/],
    [{ maxNodes: 10_000_000 }, /maxNodes must be a whole number from 1 to 100000/],
    [{ maxInputLength: -1 }, /maxInputLength/],
    [{ maxInputLength: 2 ** 40 }, /maxInputLength must be a whole number from 1 to 16777216/],
  ] as const)(
    'refuses the limits %j (a caller cannot lift them past what the parser handles)',
    (limits, message) => {
      expect(() => parseTlv(fromHex('80 01 41'), { limits })).toThrow(
        expect.objectContaining({ code: 'INVALID_LIMITS' }),
      );
      expect(() => parseTlv(fromHex('80 01 41'), { limits })).toThrow(message);
    },
  );

  it('stops a 3,000-deep input (12 KB) at the deepest limit allowed, without overflowing the stack', () => {
    const bytes = nested(3000);
    const { diagnostics } = parseTlv(bytes, { limits: { maxDepth: MAX_LIMITS.maxDepth } });
    expect(diagnostics.map((d) => d.code)).toEqual(['TLV_DEPTH_LIMIT']);
  });

  it('throws one DecodeError in strict mode', () => {
    const error = (() => {
      try {
        parseTlv(fromHex('80 05 41'), { strict: true });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(DecodeError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ name: 'DecodeError', code: 'TLV_LENGTH_OVERFLOW', offset: 0, path: '80' });
    expect(DecodeError.isInstance(new Error('x'))).toBe(false);
    expect(parseTlv(fromHex('80 01 41'), { strict: true }).diagnostics).toEqual([]);
  });
});

describe('encodeTlv', () => {
  const built: readonly [input: Parameters<typeof encodeTlv>[0], hex: string, why: string][] = [
    [[{ tag: 0x80, value: fromHex('41') }], '800141', 'short form by default'],
    [[{ tag: 0x80, value: new Uint8Array(200) }], `8081C8${'00'.repeat(200)}`, 'long form when needed'],
    [[{ tag: 0x80, value: fromHex('41'), lengthOctets: 3 }], '8082000141', 'the length field size is kept'],
    [[{ tag: 0x7f21, children: [{ tag: 0x5f37, value: fromHex('AA') }] }], '7F21045F3701AA', 'constructed'],
    [[{ tag: 0x65, children: [] }], '6500', 'an empty template'],
  ];
  it.each(built)('%j → %s (%s)', (input, hex) => {
    expect(toHex(encodeTlv(input))).toBe(hex.replace(/\s/g, ''));
  });

  it('rejects a tag of 0', () => {
    expect(() => encodeTlv([{ tag: 0 }])).toThrow(expect.objectContaining({ code: 'INVALID_TLV' }));
  });

  it('writes only length fields its own parser reads back (1 to 5 octets)', () => {
    const five = encodeTlv([{ tag: 0x80, value: fromHex('41'), lengthOctets: 5 }]);
    expect(toHex(five)).toBe('80840000000141');
    expect(parseTlv(five).diagnostics).toEqual([]);
    for (const lengthOctets of [0, 6, 100, 1.5, Number.NaN]) {
      expect(() => encodeTlv([{ tag: 0x80, value: fromHex('41'), lengthOctets }])).toThrow(
        expect.objectContaining({ code: 'INVALID_TLV' }),
      );
    }
  });
});
