import { XMLParser, XMLValidator } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { FormatError } from '../errors.js';
import { LIST_ITEMS, ROOT, type XmlElement, type XmlValue } from './tree.js';

/** The name without its namespace prefix (`ov:fichier` → `fichier`). */
const local = (name: string): string => name.slice(name.indexOf(':') + 1);

/**
 * Elements that repeat: the items of every list (`listeBenef/T_AsnBeneficiaire`,
 * `listePeriodesDroits/element`…) and `libelleExo`. Always arrays after
 * parsing, even with one occurrence.
 */
function isRepeated(name: string, path: string): boolean {
  if (local(name) === 'libelleExo') return true;
  const parent = local(path.split('.').at(-2) ?? '');
  return LIST_ITEMS[parent] === local(name);
}

const parser = new XMLParser({
  ignoreDeclaration: true,
  ignoreAttributes: true,
  parseTagValue: false,
  // Decodes numeric character references too (`&#338;`, written under `unrepresentable: 'char-ref'`).
  htmlEntities: true,
  // Values are kept exactly; the indentation text between elements is dropped below.
  // Namespace prefixes stay in the names (`ov:carte`), as `xmlTree` writes them; `xmlns` is an attribute, ignored.
  trimValues: false,
  isArray: (name, path) => isRepeated(name, String(path)),
});

const DECLARED = /^<\?xml[^>]*encoding="([^"]+)"/;

function decode(input: Uint8Array | string): string {
  if (typeof input === 'string') return input;
  // The prolog is ASCII in both encodings: read it first, then decode the whole.
  const head = iconv.decode(Buffer.from(input.subarray(0, 100)), 'latin1');
  const declared = DECLARED.exec(head)?.[1]?.toUpperCase() ?? 'UTF-8';
  return iconv.decode(Buffer.from(input), declared === 'UTF-8' ? 'utf8' : 'latin1');
}

function clean(value: unknown): XmlValue {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(clean) as XmlValue;
  const out: Record<string, XmlValue> = {};
  for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
    if (name === '#text' && typeof child === 'string' && child.trim() === '') continue;
    out[name] = clean(child);
  }
  return out;
}

/**
 * Parses one of our documents, of either profile (bytes in their declared
 * encoding, or text), back into the tree `toXml` wrote, with
 * fast-xml-parser. Repeated elements are arrays; every value is text; our
 * elements keep their `ov:` prefix. Throws `FormatError` (`INVALID_XML`).
 */
export function parseXml(input: Uint8Array | string): XmlElement {
  const text = decode(input);
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new FormatError('INVALID_XML', `Not well-formed: ${valid.err.msg} (line ${valid.err.line})`);
  }
  const tree = clean(parser.parse(text)) as XmlElement;
  if (typeof tree[ROOT] !== 'object') throw new FormatError('INVALID_XML', `No ${ROOT} root element`);
  return tree;
}
