import { type FileContext, report } from './context.js';
import { type CardDate, parseCardDate } from './dates.js';
import { type Field, fieldOf, type UnknownNode, unknownOf } from './field.js';
import type { CardData, CertificateBlob } from './model.js';
import { decodeText } from './text.js';
import type { TlvNode } from './tlv.js';

/** Tag `66`: card data. [H] */
export const CARD_DATA_TAG = 0x66;
const VALIDITY_START = 0x80;

const CERTIFICATE_KINDS: ReadonlyMap<number, CertificateBlob['kind']> = new Map([
  [0x7f21, 'cv-certificate'],
  [0x5f37, 'signature'],
  [0x5f38, 'public-key-remainder'],
]);

/**
 * Objects whose value is kept whole, never parsed as BER-TLV: the
 * card-verifiable certificate `7F21`. Beside a signature `5F37` and a
 * public-key remainder `5F38` it follows the pattern of message-recovery
 * certificates (ISO/IEC 9796-2), whose body is a signed block rather than
 * BER-TLV [M]; its layout on the Vitale card is not public [?]. Parsing it
 * would report length errors that are not errors.
 */
export const OPAQUE_TAGS: ReadonlySet<number> = new Set([0x7f21]);

/** The node as a certificate blob when its tag is one, else `null`. */
export function certificateOf(node: TlvNode, file: number): CertificateBlob | null {
  const kind = CERTIFICATE_KINDS.get(node.tag);
  return kind === undefined ? null : { ...unknownOf(node), file, kind };
}

/** Decodes a `66` template; certificate blobs inside it are returned apart. */
export function readCardData(
  node: TlvNode,
  ctx: FileContext,
): { readonly cardData: CardData; readonly certificates: readonly CertificateBlob[] } {
  let validityStart: Field<CardDate> | null = null;
  const unknown: UnknownNode[] = [];
  const certificates: CertificateBlob[] = [];
  for (const child of node.children ?? []) {
    const certificate = certificateOf(child, ctx.file);
    if (certificate !== null) {
      certificates.push(certificate);
      continue;
    }
    const date: Field<CardDate> | null =
      child.tag === VALIDITY_START ? readValidityStart(child, validityStart !== null, ctx) : null;
    if (date === null) unknown.push(unknownOf(child));
    else validityStart = date;
  }
  return {
    cardData: { file: ctx.file, offset: node.offset, length: node.length, validityStart, unknown },
    certificates,
  };
}

function readValidityStart(node: TlvNode, seen: boolean, ctx: FileContext): Field<CardDate> | null {
  if (seen) {
    report(ctx, 'FIELD_REPEATED', 'Tag 80 seen again in the card data', node);
    return null;
  }
  const date = parseCardDate(decodeText(node.value).text);
  if (date === null) report(ctx, 'DATE_MALFORMED', 'Validity start is not 8 digits YYYYMMDD', node);
  return date === null ? null : fieldOf(node, date);
}
