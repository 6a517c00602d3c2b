import { OpenVitaleError } from '@openvitale/errors';

/**
 * Anything that can be written as BER-TLV. A decoded `TlvNode` is one: it
 * keeps its length-field size and its tail, so re-encoding a decoded tree
 * gives back the exact input bytes.
 */
export interface TlvEncodable {
  /** The tag bytes as one unsigned big-endian number (`0x7F21`). */
  readonly tag: number;
  /** Present (even empty) for a constructed object: its value is these, encoded. */
  readonly children?: readonly TlvEncodable[] | null;
  /** The value of a primitive object; ignored when `children` is present. */
  readonly value?: Uint8Array;
  /** Size of the length field to write, 1 (short form) to 5 (`84` + 4 bytes); grown when the length does not fit. */
  readonly lengthOctets?: number;
  /** Bytes written after the children (padding, unparsed data). */
  readonly tail?: { readonly raw: Uint8Array } | null;
}

/**
 * Encodes a list of objects, then `tail`, as one buffer. A tag of 0, or a
 * length field `parseTlv` would not read back (more than 5 octets, a value
 * of 4 GiB or more), is an `INVALID_TLV` error.
 */
export function encodeTlv(
  nodes: readonly TlvEncodable[],
  tail?: { readonly raw: Uint8Array } | null,
): Uint8Array {
  // Two passes: measure every value once, then write into one buffer (no copy per level).
  const sizes = new Map<TlvEncodable, number>();
  const out = new Uint8Array(listSize(nodes, tail, sizes));
  writeList(out, 0, nodes, tail, sizes);
  return out;
}

type Tail = { readonly raw: Uint8Array } | null | undefined;

function listSize(nodes: readonly TlvEncodable[], tail: Tail, sizes: Map<TlvEncodable, number>): number {
  let size = tail?.raw.length ?? 0;
  for (const node of nodes) {
    const value = node.children ? listSize(node.children, node.tail, sizes) : (node.value?.length ?? 0);
    sizes.set(node, value);
    size += tagBytes(node.tag).length + lengthBytes(value, node.lengthOctets ?? 1).length + value;
  }
  return size;
}

function writeList(
  out: Uint8Array,
  at: number,
  nodes: readonly TlvEncodable[],
  tail: Tail,
  sizes: Map<TlvEncodable, number>,
): number {
  let pos = at;
  for (const node of nodes) {
    const size = sizes.get(node)!;
    for (const part of [tagBytes(node.tag), lengthBytes(size, node.lengthOctets ?? 1)]) {
      out.set(part, pos);
      pos += part.length;
    }
    if (node.children) {
      pos = writeList(out, pos, node.children, node.tail, sizes);
    } else if (node.value) {
      out.set(node.value, pos);
      pos += node.value.length;
    }
  }
  if (tail) out.set(tail.raw, pos);
  return pos + (tail?.raw.length ?? 0);
}

/** What `encodeTlv` cannot write, as parseTlv would not read it back. */
function invalidTlv(summary: string): OpenVitaleError {
  return new OpenVitaleError('INVALID_TLV', summary, {
    action: 'give tags from 1 to 0xFFFFFFFF, lengthOctets from 1 to 5 and values under 4 GiB',
  });
}

function tagBytes(tag: number): Uint8Array {
  if (!Number.isInteger(tag) || tag <= 0 || tag > 0xffffffff) throw invalidTlv(`Not a BER-TLV tag: ${tag}`);
  const out: number[] = [];
  for (let rest = tag; rest > 0; rest = Math.floor(rest / 256)) out.unshift(rest % 256);
  return Uint8Array.from(out);
}

// `84` and four bytes: the longest length field the parser reads (tlv.ts MAX_LENGTH_OCTETS).
const MAX_LENGTH_FIELD = 5;

function lengthBytes(length: number, octets: number): Uint8Array {
  if (!Number.isInteger(octets) || octets < 1 || octets > MAX_LENGTH_FIELD)
    throw invalidTlv(`lengthOctets must be a whole number from 1 to ${MAX_LENGTH_FIELD}; got ${octets}`);
  if (length > 0xffffffff) throw invalidTlv(`A value of ${length} bytes cannot be written in BER-TLV here`);
  if (octets === 1 && length < 0x80) return Uint8Array.of(length);
  const out: number[] = [];
  for (let rest = length; rest > 0 || out.length < octets - 1; rest = Math.floor(rest / 256))
    out.unshift(rest % 256);
  return Uint8Array.from([0x80 | out.length, ...out]);
}
