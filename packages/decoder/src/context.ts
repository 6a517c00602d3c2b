import { type DiagnosticCode, type DiagnosticSink, joinPath } from './diagnostics.js';
import type { Field } from './field.js';
import type { Limits } from './options.js';
import type { TlvNode } from './tlv.js';

/** The file being decoded: where its diagnostics go and how their paths start. */
export interface FileContext {
  /** Index into `Card.files` (0 when a single buffer is decoded). */
  readonly file: number;
  /** Put in front of tag paths in diagnostics: `files[2]`, or `` for a single buffer. */
  readonly prefix: string;
  readonly sink: DiagnosticSink;
  readonly limits: Limits;
}

export function report(ctx: FileContext, code: DiagnosticCode, message: string, node: TlvNode): void {
  ctx.sink.add(code, message, node.offset, joinPath(ctx.prefix, node.path));
}

/** A field over bytes `start..end` of a node's value. */
export function subField<T>(node: TlvNode, start: number, end: number, value: T): Field<T> {
  return {
    value,
    offset: node.valueOffset + start,
    length: end - start,
    raw: node.value.subarray(start, end),
  };
}
