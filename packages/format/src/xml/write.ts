import type { Card } from '@openvitale/decoder';
import { XMLBuilder } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { toJson } from '../json/document.js';
import { resolveXmlOptions, type XmlOptions } from '../options.js';
import { applyCharsetPolicy, toCharRefs } from './charset.js';
import { NAMESPACE, PREFIX, ROOT, type XmlElement, xmlTree } from './tree.js';

const BUILDER_OPTIONS = {
  suppressEmptyNode: false,
  processEntities: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
} as const;
const builders = {
  pretty: new XMLBuilder({ ...BUILDER_OPTIONS, format: true, indentBy: '  ' }),
  compact: new XMLBuilder({ ...BUILDER_OPTIONS, format: false }),
};

function serialise(card: Card, options: XmlOptions | undefined): { text: string; encoding: string } {
  const resolved = resolveXmlOptions(options);
  const latin1 = resolved.encoding === 'ISO-8859-1';
  const tree: XmlElement = applyCharsetPolicy(
    xmlTree(toJson(card, options), resolved.profile),
    latin1,
    resolved.unrepresentable,
  );
  // The extended profile declares its namespace on the root; the official one has none.
  const root =
    resolved.profile === 'extended'
      ? { [`@_xmlns:${PREFIX}`]: NAMESPACE, ...(tree[ROOT] as XmlElement) }
      : tree[ROOT];
  // The builder escapes & < > " ' in every text value.
  let body = (resolved.pretty ? builders.pretty : builders.compact).build({ [ROOT]: root }) as string;
  if (latin1 && resolved.unrepresentable === 'char-ref') body = toCharRefs(body);
  const prolog = `<?xml version="1.0" encoding="${resolved.encoding}"?>`;
  const text = resolved.pretty
    ? `${prolog}\n${body.endsWith('\n') ? body : `${body}\n`}`
    : `${prolog}${body}`;
  return { text, encoding: resolved.encoding };
}

/**
 * The XML as text (a JS string: the prolog still declares the chosen
 * encoding, so write it with `toXml` bytes, not as UTF-8, unless `encoding: 'UTF-8'`).
 * Throws `FormatError` per the `unrepresentable` policy, and for a card
 * whose persons could not be decoded in the official profile.
 */
export function toXmlString(card: Card, options?: XmlOptions): string {
  return serialise(card, options).text;
}

/** The XML document as bytes in the declared encoding (ISO-8859-1 by default). */
export function toXml(card: Card, options?: XmlOptions): Uint8Array {
  const { text, encoding } = serialise(card, options);
  // Every character is now in range: iconv-lite's own '?' fallback is never reached.
  const buffer = iconv.encode(text, encoding === 'UTF-8' ? 'utf8' : 'latin1');
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
