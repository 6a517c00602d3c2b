import { type FileContext, report } from './context.js';
import { type BirthDate, parseCardDate } from './dates.js';
import { type Field, fieldOf, type UnknownNode, unknownOf } from './field.js';
import type { TemplateSource } from './model.js';
import { type Nir, parseNir } from './nir.js';
import { decodeText } from './text.js';
import type { TlvNode } from './tlv.js';

/** Tag `65`: one person. */
export const PERSON_TAG = 0x65;

/** The fields of a `65` template the decoder reads. */
interface PersonFields {
  surname: Field<string> | null;
  givenName: Field<string> | null;
  birthDate: Field<BirthDate> | null;
  nationality: Field<string> | null;
  nir: Field<Nir> | null;
}

/** What one `65` template holds. */
export interface PersonTemplate extends Readonly<PersonFields> {
  /** True when any of `80`, `81`, `82` is present: an identity template rather than a NIR one. */
  readonly identity: boolean;
  readonly source: TemplateSource;
}

/** The tags of a `65` template. [H for 80/81/82/90/93] */
const SLOT_BY_TAG: ReadonlyMap<number, keyof PersonFields> = new Map([
  [0x80, 'surname'],
  [0x81, 'givenName'],
  [0x82, 'birthDate'],
  [0x90, 'nationality'],
  [0x93, 'nir'],
]);

const IDENTITY_TAGS = new Set([0x80, 0x81, 0x82]);

/** How each field is read; `null` (after a diagnostic) keeps the object raw instead. */
const READERS: { readonly [K in keyof PersonFields]: (node: TlvNode, ctx: FileContext) => PersonFields[K] } =
  {
    surname: readText,
    givenName: readText,
    birthDate: readDate,
    nationality: readText,
    nir: readNirField,
  };

function readText(node: TlvNode, ctx: FileContext): Field<string> {
  const { text, printable } = decodeText(node.value);
  if (!printable) report(ctx, 'TEXT_NOT_PRINTABLE', `Tag ${node.tagHex} holds control characters`, node);
  return fieldOf(node, text);
}

function readDate(node: TlvNode, ctx: FileContext): Field<BirthDate> | null {
  const date = parseCardDate(decodeText(node.value).text);
  if (date === null) report(ctx, 'DATE_MALFORMED', `Tag ${node.tagHex} is not 8 digits YYYYMMDD`, node);
  return date === null ? null : fieldOf(node, date);
}

function readNirField(node: TlvNode, ctx: FileContext): Field<Nir> | null {
  const nir = parseNir(decodeText(node.value).text);
  if (nir === null) report(ctx, 'NIR_MALFORMED', 'Not 13 characters and a 2-digit key', node);
  return nir === null ? null : fieldOf(node, nir);
}

/** Decodes one `65` template; every tag it does not use is kept raw with its path. */
export function readPersonTemplate(node: TlvNode, index: number, ctx: FileContext): PersonTemplate {
  const fields: PersonFields = {
    surname: null,
    givenName: null,
    birthDate: null,
    nationality: null,
    nir: null,
  };
  const unknown: UnknownNode[] = [];
  const children = node.children ?? [];
  for (const child of children) {
    const slot = SLOT_BY_TAG.get(child.tag);
    if (slot === undefined || !fill(fields, slot, child, ctx)) unknown.push(unknownOf(child));
  }
  return {
    ...fields,
    identity: children.some((child) => IDENTITY_TAGS.has(child.tag)),
    source: { file: ctx.file, index, offset: node.offset, length: node.length, unknown },
  };
}

function fill<K extends keyof PersonFields>(
  fields: PersonFields,
  slot: K,
  node: TlvNode,
  ctx: FileContext,
): boolean {
  if (fields[slot] !== null) {
    report(ctx, 'FIELD_REPEATED', `Tag ${node.tagHex} seen again in one template`, node);
    return false;
  }
  const value = READERS[slot](node, ctx);
  fields[slot] = value;
  return value !== null;
}
