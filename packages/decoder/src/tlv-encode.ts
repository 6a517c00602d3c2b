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
  /** Size of the length field to write (1 = short form); grown when the length does not fit. */
  readonly lengthOctets?: number;
  /** Bytes written after the children (padding, unparsed data). */
  readonly tail?: { readonly raw: Uint8Array } | null;
}

/** Encodes a list of objects, then `tail`, as one buffer. Throws `RangeError` on a tag of 0. */
export function encodeTlv(
  nodes: readonly TlvEncodable[],
  tail?: { readonly raw: Uint8Array } | null,
): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const node of nodes) parts.push(encodeNode(node));
  if (tail) parts.push(tail.raw);
  return concat(parts);
}

function encodeNode(node: TlvEncodable): Uint8Array {
  const value = node.children ? encodeTlv(node.children, node.tail) : (node.value ?? new Uint8Array(0));
  return concat([tagBytes(node.tag), lengthBytes(value.length, node.lengthOctets ?? 1), value]);
}

function tagBytes(tag: number): Uint8Array {
  if (!Number.isInteger(tag) || tag <= 0 || tag > 0xffffffff)
    throw new RangeError(`Not a BER-TLV tag: ${tag}`);
  const out: number[] = [];
  for (let rest = tag; rest > 0; rest = Math.floor(rest / 256)) out.unshift(rest % 256);
  return Uint8Array.from(out);
}

function lengthBytes(length: number, octets: number): Uint8Array {
  if (octets <= 1 && length < 0x80) return Uint8Array.of(length);
  const out: number[] = [];
  for (let rest = length; rest > 0 || out.length < octets - 1; rest = Math.floor(rest / 256))
    out.unshift(rest % 256);
  return Uint8Array.from([0x80 | out.length, ...out]);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
