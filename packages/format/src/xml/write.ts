import type { Card } from '@openvitale/decoder';
import { XMLBuilder } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { toJson } from '../json/document.js';
import { resolveXmlOptions, type XmlOptions } from '../options.js';
import { applyCharsetPolicy, toCharRefs } from './charset.js';
import { type XmlElement, xmlTree } from './tree.js';

const builders = {
  pretty: new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: false, processEntities: true }),
  flat: new XMLBuilder({ format: false, suppressEmptyNode: false, processEntities: true }),
};

function serialise(card: Card, options: XmlOptions | undefined): { text: string; encoding: string } {
  const resolved = resolveXmlOptions(options);
  const latin1 = resolved.encoding === 'ISO-8859-1';
  const tree: XmlElement = applyCharsetPolicy(
    xmlTree(toJson(card, resolved)),
    latin1,
    resolved.unrepresentable,
  );
  // The builder escapes & < > " ' in every text value.
  let body = (resolved.pretty ? builders.pretty : builders.flat).build(tree) as string;
  if (latin1 && resolved.unrepresentable === 'char-ref') body = toCharRefs(body);
  const prolog = `<?xml version="1.0" encoding="${resolved.encoding}"?>`;
  return { text: `${prolog}\n${body.endsWith('\n') ? body : `${body}\n`}`, encoding: resolved.encoding };
}

/**
 * The XML as text (a JS string: the prolog still declares the chosen
 * encoding, so write it with `toXml` bytes, not as UTF-8, unless `encoding: 'UTF-8'`).
 * Throws `FormatError` per the `unrepresentable` policy.
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
