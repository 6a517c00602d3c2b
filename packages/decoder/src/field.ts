import type { TlvNode } from './tlv.js';

/**
 * A decoded value and the bytes it came from, so that a UI, a hex dump or a
 * diagnostic can point at them. `offset`/`length`/`raw` cover the value bytes
 * of the data object (not its tag and length), in the file named by the
 * enclosing record.
 */
export interface Field<T> {
  readonly value: T;
  readonly offset: number;
  readonly length: number;
  readonly raw: Uint8Array;
}

/** A data object the decoder does not interpret, kept whole with its place. */
export interface UnknownNode {
  /** Tag path from the top of the file, e.g. `65/A1/83`. */
  readonly path: string;
  /** Tag in upper-case hex. */
  readonly tag: string;
  /** Offset of its first tag byte in the file. */
  readonly offset: number;
  /** Bytes of the whole object (tag, length, value). */
  readonly length: number;
  /** The whole object: tag, length field and value. */
  readonly raw: Uint8Array;
}

export function fieldOf<T>(node: TlvNode, value: T): Field<T> {
  return { value, offset: node.valueOffset, length: node.value.length, raw: node.value };
}

export function unknownOf(node: TlvNode): UnknownNode {
  return { path: node.path, tag: node.tagHex, offset: node.offset, length: node.length, raw: node.raw };
}
