import { type DecodeResult, type DiagnosticCode, DiagnosticSink, finish, joinPath } from './diagnostics.js';
import { toHex } from './hex.js';
import { type DecodeOptions, type Limits, resolveOptions } from './options.js';

/**
 * What ends a list of data objects without being one: the `00`/`FF` padding
 * of ISO 7816-4 (`padding`), or bytes that could not be parsed (`unparsed`,
 * always with a diagnostic). Kept so that nothing is dropped and re-encoding
 * gives the input back.
 */
export interface TlvTail {
  readonly kind: 'padding' | 'unparsed';
  readonly offset: number;
  readonly length: number;
  readonly raw: Uint8Array;
}

/** One BER-TLV data object. Byte views share the parsed buffer (no copy). */
export interface TlvNode {
  /** The tag bytes read as one unsigned big-endian number: `0x65`, `0x7F21`. */
  readonly tag: number;
  /** The tag bytes in upper-case hex: `65`, `7F21`. */
  readonly tagHex: string;
  /** Bit 6 of the first tag byte. */
  readonly constructed: boolean;
  /** Tags from the top, joined by `/`: `65/93`, `E0/A0/82`. */
  readonly path: string;
  /** Position among its siblings, from 0. */
  readonly index: number;
  /** Offset of the first tag byte in the parsed buffer. */
  readonly offset: number;
  /** Bytes of the whole object: tag, length field and value. */
  readonly length: number;
  /** The whole object. */
  readonly raw: Uint8Array;
  /** Size of the length field: 1 for the short form, 2–5 for `81`–`84`. Kept for exact re-encoding. */
  readonly lengthOctets: number;
  /** Offset of the first value byte in the parsed buffer. */
  readonly valueOffset: number;
  readonly value: Uint8Array;
  /** The parsed value of a constructed object; `null` for a primitive one, or an opaque one (see `readTlv`). */
  readonly children: readonly TlvNode[] | null;
  /** Padding or unparsed bytes after the last child of a constructed object. */
  readonly tail: TlvTail | null;
}

export interface TlvTree {
  readonly nodes: readonly TlvNode[];
  /** Padding or unparsed bytes after the last top-level object. */
  readonly tail: TlvTail | null;
}

const MAX_TAG_BYTES = 4;
const NONE: ReadonlySet<number> = new Set();
const MAX_LENGTH_OCTETS = 4;

interface Header {
  readonly tag: number;
  readonly tagLength: number;
  readonly lengthOctets: number;
  readonly valueLength: number;
}

/** A recursive-descent BER-TLV reader bounded in depth and node count. */
class TlvReader {
  private count = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly limits: Limits,
    private readonly sink: DiagnosticSink,
    private readonly prefix: string,
    private readonly opaque: ReadonlySet<number>,
  ) {}

  list(start: number, end: number, depth: number, parentPath: string): TlvTree {
    const nodes: TlvNode[] = [];
    let pos = start;
    while (pos < end) {
      const first = this.bytes[pos]!;
      if (first === 0x00 || first === 0xff) return { nodes, tail: this.padding(pos, end, parentPath) };
      if (this.count >= this.limits.maxNodes) {
        this.report('TLV_NODE_LIMIT', `More than ${this.limits.maxNodes} data objects`, pos, parentPath);
        return { nodes, tail: this.tail('unparsed', pos, end) };
      }
      const header = this.header(pos, end, parentPath);
      if (header === null) return { nodes, tail: this.tail('unparsed', pos, end) };
      const valueOffset = pos + header.tagLength + header.lengthOctets;
      const tagHex = toHex(this.bytes.subarray(pos, pos + header.tagLength));
      const path = parentPath === '' ? tagHex : `${parentPath}/${tagHex}`;
      if (header.valueLength > end - valueOffset) {
        this.report(
          'TLV_LENGTH_OVERFLOW',
          `Tag ${tagHex} declares ${header.valueLength} bytes, ${end - valueOffset} remain`,
          pos,
          path,
        );
        return { nodes, tail: this.tail('unparsed', pos, end) };
      }
      this.count++;
      const valueEnd = valueOffset + header.valueLength;
      const constructed = (first & 0x20) !== 0;
      const parsed = constructed && !this.opaque.has(header.tag);
      const inner = parsed ? this.inner(valueOffset, valueEnd, depth, path) : null;
      nodes.push({
        tag: header.tag,
        tagHex,
        constructed,
        path,
        index: nodes.length,
        offset: pos,
        length: valueEnd - pos,
        raw: this.bytes.subarray(pos, valueEnd),
        lengthOctets: header.lengthOctets,
        valueOffset,
        value: this.bytes.subarray(valueOffset, valueEnd),
        children: inner === null ? null : inner.nodes,
        tail: inner === null ? null : inner.tail,
      });
      pos = valueEnd;
    }
    return { nodes, tail: null };
  }

  private inner(start: number, end: number, depth: number, path: string): TlvTree {
    if (depth < this.limits.maxDepth) return this.list(start, end, depth + 1, path);
    if (start === end) return { nodes: [], tail: null };
    this.report('TLV_DEPTH_LIMIT', `Nesting deeper than ${this.limits.maxDepth}`, start, path);
    return { nodes: [], tail: this.tail('unparsed', start, end) };
  }

  private header(pos: number, end: number, path: string): Header | null {
    const bytes = this.bytes;
    let tag = bytes[pos]!;
    let p = pos + 1;
    if ((tag & 0x1f) === 0x1f) {
      for (;;) {
        if (p >= end) return this.fail('TLV_TRUNCATED', 'The tag runs past the end', pos, path);
        if (p - pos >= MAX_TAG_BYTES) {
          return this.fail('TLV_TAG_TOO_LONG', `A tag longer than ${MAX_TAG_BYTES} bytes`, pos, path);
        }
        const next = bytes[p++]!;
        tag = tag * 256 + next;
        if ((next & 0x80) === 0) break;
      }
    }
    if (p >= end) return this.fail('TLV_TRUNCATED', 'The length field is missing', pos, path);
    const tagLength = p - pos;
    const lengthByte = bytes[p]!;
    if (lengthByte < 0x80) return { tag, tagLength, lengthOctets: 1, valueLength: lengthByte };
    const count = lengthByte & 0x7f;
    if (count === 0 || count > MAX_LENGTH_OCTETS) {
      return this.fail('TLV_LENGTH_UNSUPPORTED', `Length byte ${toHex(bytes.subarray(p, p + 1))}`, p, path);
    }
    if (p + 1 + count > end) return this.fail('TLV_TRUNCATED', 'The length field runs past the end', p, path);
    let valueLength = 0;
    for (let i = 1; i <= count; i++) valueLength = valueLength * 256 + bytes[p + i]!;
    return { tag, tagLength, lengthOctets: count + 1, valueLength };
  }

  private padding(pos: number, end: number, path: string): TlvTail {
    for (let i = pos; i < end; i++) {
      const byte = this.bytes[i]!;
      if (byte !== 0x00 && byte !== 0xff) {
        this.report('TLV_DATA_AFTER_PADDING', `Data after padding at offset ${pos}`, i, path);
        return this.tail('unparsed', pos, end);
      }
    }
    return this.tail('padding', pos, end);
  }

  private tail(kind: TlvTail['kind'], start: number, end: number): TlvTail {
    return { kind, offset: start, length: end - start, raw: this.bytes.subarray(start, end) };
  }

  private fail(code: DiagnosticCode, message: string, offset: number, path: string): null {
    this.report(code, message, offset, path);
    return null;
  }

  private report(code: DiagnosticCode, message: string, offset: number, path: string) {
    this.sink.add(code, message, offset, joinPath(this.prefix, path));
  }
}

/**
 * Reads a buffer as a list of BER-TLV objects, reporting into `sink`. Never
 * throws: whatever cannot be parsed becomes the `unparsed` tail.
 * `prefix` is put in front of diagnostic paths (the file's name). The value
 * of a constructed object whose tag is in `opaque` is kept whole, not parsed
 * (`children: null`): its body is not BER-TLV all through.
 */
export function readTlv(
  bytes: Uint8Array,
  limits: Limits,
  sink: DiagnosticSink,
  prefix = '',
  opaque: ReadonlySet<number> = NONE,
): TlvTree {
  if (bytes.length > limits.maxInputLength) {
    sink.add('INPUT_TOO_LARGE', `${bytes.length} bytes, limit ${limits.maxInputLength}`, 0, prefix);
    return { nodes: [], tail: { kind: 'unparsed', offset: 0, length: bytes.length, raw: bytes } };
  }
  return new TlvReader(bytes, limits, sink, prefix, opaque).list(0, bytes.length, 1, '');
}

/** Parses BER-TLV (ISO 7816-4): multi-byte tags, short and long lengths, `00`/`FF` padding, bounded. */
export function parseTlv(bytes: Uint8Array, options?: DecodeOptions): DecodeResult<TlvTree> {
  const { strict, limits } = resolveOptions(options);
  const sink = new DiagnosticSink();
  const tree = readTlv(bytes, limits, sink);
  return finish(tree, sink.list, strict);
}
