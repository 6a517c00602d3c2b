import { OpenVitaleError } from '@openvitale/errors';

/**
 * Every problem found in the bytes is a diagnostic; decoding goes on with what
 * can still be read. Anomalies of the data itself (NIR key mismatch,
 * provisional NIR, lunar date) are flags in the model, not diagnostics.
 */
export type DiagnosticCode =
  /** The input is longer than `limits.maxInputLength`; it is kept raw, not parsed. */
  | 'INPUT_TOO_LARGE'
  /** A tag or a length field runs past the end of the bytes. */
  | 'TLV_TRUNCATED'
  /** A tag longer than 4 bytes. */
  | 'TLV_TAG_TOO_LONG'
  /** Indefinite length (`80`) or a length on more than 4 bytes: not valid in ISO 7816-4 BER-TLV. */
  | 'TLV_LENGTH_UNSUPPORTED'
  /** A declared length runs past the end of the enclosing value. */
  | 'TLV_LENGTH_OVERFLOW'
  /** Nesting deeper than `limits.maxDepth`: the value is kept raw. */
  | 'TLV_DEPTH_LIMIT'
  /** More nodes than `limits.maxNodes`: the rest is kept raw. */
  | 'TLV_NODE_LIMIT'
  /** Bytes other than `00`/`FF` after the padding that ends the data objects: kept raw. */
  | 'TLV_DATA_AFTER_PADDING'
  /** EF 2001 has no `E0` template; its top level is read instead. */
  | 'DIRECTORY_NO_TEMPLATE'
  /** An application (`82`) or file (`80`) entry of EF 2001 with the wrong size: kept raw. */
  | 'DIRECTORY_ENTRY_MALFORMED'
  /** A field seen twice in one template: the first is used, the others are kept raw. */
  | 'FIELD_REPEATED'
  /** A text field with control characters (they are kept in the value). */
  | 'TEXT_NOT_PRINTABLE'
  /** A date that is not 8 ASCII digits: kept raw. */
  | 'DATE_MALFORMED'
  /** A NIR that is not 13 characters + a 2-digit key: its structure is not read, the raw value is kept. */
  | 'NIR_MALFORMED'
  /** Identity and NIR templates in different numbers: pairing by position is incomplete. */
  | 'PAIRING_COUNT_MISMATCH'
  /** More than one card-data template (`66`): the first is used, the others are kept raw. */
  | 'CARD_DATA_REPEATED'
  /** A Vitale 1 chunk whose length is not a multiple of 4 bytes: the partial word is kept raw. */
  | 'V1_PARTIAL_WORD'
  /** A file said "read" but came without bytes, or the reverse. */
  | 'FILE_INCONSISTENT';

/** A problem in the bytes, pointing at them. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  /** One sentence for a human; not stable, match on `code`. */
  readonly message: string;
  /** Byte offset in the file (or Vitale 1 chunk) named by `path`; `-1` when no byte is to blame. */
  readonly offset: number;
  /**
   * Where: the file then the tag path, e.g. `files[1]/65/93`, `files[0]/E0/A0/82`,
   * `vitale1/chunks[3]`; a bare tag path when a single buffer was decoded.
   */
  readonly path: string;
}

/** What every decoder returns: a best-effort value and what was wrong on the way. */
export interface DecodeResult<T> {
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
}

const DECODE_ERROR = Symbol.for('@openvitale/decoder.DecodeError');

/**
 * Thrown only in strict mode: the input had at least one diagnostic. Where
 * (path, offset) is in `detail` as well as in its own fields.
 */
export class DecodeError extends OpenVitaleError {
  readonly [DECODE_ERROR] = true;
  override readonly name = 'DecodeError';
  /** The code of the first diagnostic. */
  declare readonly code: DiagnosticCode;
  readonly offset: number;
  readonly path: string;
  /** All of them, in the order found. */
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly [Diagnostic, ...Diagnostic[]]) {
    const [first] = diagnostics;
    const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : '';
    super(first.code, `The card data are malformed: ${first.message}${more}`, {
      action: 'decode without strict to get what can be read, with every diagnostic',
      detail: `${first.code} at ${first.path || '<root>'} offset ${first.offset}`,
    });
    this.offset = first.offset;
    this.path = first.path;
    this.diagnostics = diagnostics;
  }

  /** True for a `DecodeError` of any installed copy of this package. */
  static override isInstance(value: unknown): value is DecodeError {
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[DECODE_ERROR] === true
    );
  }
}

/** Collects diagnostics while a decoder walks the bytes. */
export class DiagnosticSink {
  readonly list: Diagnostic[] = [];

  add(code: DiagnosticCode, message: string, offset: number, path: string): void {
    this.list.push({ code, message, offset, path });
  }
}

/** Joins two path parts with `/`, either of which may be empty. */
export function joinPath(parent: string, child: string): string {
  if (parent === '') return child;
  return child === '' ? parent : `${parent}/${child}`;
}

/** Wraps a value; in strict mode, throws when anything was diagnosed. */
export function finish<T>(value: T, diagnostics: readonly Diagnostic[], strict: boolean): DecodeResult<T> {
  const [first, ...rest] = diagnostics;
  if (strict && first !== undefined) throw new DecodeError([first, ...rest]);
  return { value, diagnostics };
}
