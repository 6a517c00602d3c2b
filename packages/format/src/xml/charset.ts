import { FormatError } from '../errors.js';
import type { UnrepresentablePolicy } from '../options.js';
import type { XmlElement, XmlValue } from './tree.js';

/**
 * The character policy, applied to every text value before serialisation so
 * that an error can name its element. Nothing is ever changed silently: the
 * default throws; the two other policies are opt-in and documented.
 */

/** XML 1.0 Char minus tab and line breaks, which no card field holds: a line break in a name is an error too. */
function isXmlForbidden(code: number): boolean {
  return code < 0x20 || code === 0xfffe || code === 0xffff || (code >= 0xd800 && code <= 0xdfff);
}

/** Letters of French names (and typography) outside Latin-1, written with Latin-1 letters. */
const TRANSLITERATION: Readonly<Record<string, string>> = {
  Œ: 'OE',
  œ: 'oe',
  Ÿ: 'Y',
  Š: 'S',
  š: 's',
  Ž: 'Z',
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  ı: 'i',
  ž: 'z',
  '‘': "'",
  '’': "'",
  '‚': ',',
  '“': '"',
  '”': '"',
  '„': '"',
  '–': '-',
  '—': '-',
  '…': '...',
  '€': 'EUR',
};

function transliterate(char: string): string {
  const known = TRANSLITERATION[char];
  if (known !== undefined) return known;
  // An accented letter whose base letter is Latin-1 (Ā → A): drop the combining marks.
  const base = char.normalize('NFD').replace(/\p{M}/gu, '');
  return base.length > 0 && [...base].every((c) => c.codePointAt(0)! <= 0xff) ? base : '?';
}

function checkText(text: string, latin1: boolean, policy: UnrepresentablePolicy, path: string): string {
  let out = '';
  let changed = false;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    if (isXmlForbidden(code)) {
      if (policy === 'error')
        throw new FormatError('INVALID_XML_CHARACTER', `${hex} is not allowed in XML`, path);
      out += '?';
      changed = true;
    } else if (latin1 && code > 0xff) {
      if (policy === 'error') {
        throw new FormatError('UNREPRESENTABLE_CHARACTER', `${hex} (${char}) is not in ISO-8859-1`, path);
      }
      // char-ref: kept here, written as &#N; after serialisation (the builder would escape the `&`).
      out += policy === 'char-ref' ? char : transliterate(char);
      changed = true;
    } else {
      out += char;
    }
  }
  return changed ? out : text;
}

function walk(value: XmlValue, path: string, apply: (text: string, path: string) => string): XmlValue {
  if (typeof value === 'string') return apply(value, path);
  if (Array.isArray(value)) {
    return (value as readonly (XmlElement | string)[]).map((item, i) =>
      typeof item === 'string' ? apply(item, `${path}[${i}]`) : walkElement(item, `${path}[${i}]`, apply),
    ) as XmlValue;
  }
  return walkElement(value as XmlElement, path, apply);
}

function walkElement(
  element: XmlElement,
  path: string,
  apply: (text: string, path: string) => string,
): XmlElement {
  const out: Record<string, XmlValue> = {};
  for (const [name, child] of Object.entries(element)) {
    out[name] = walk(child, path === '' ? name : `${path}/${name}`, apply);
  }
  return out;
}

/** Applies the policy to every text of the tree; throws `FormatError` under `error`. */
export function applyCharsetPolicy(
  tree: XmlElement,
  latin1: boolean,
  policy: UnrepresentablePolicy,
): XmlElement {
  return walkElement(tree, '', (text, path) => checkText(text, latin1, policy, path));
}

/** After serialisation, under `char-ref`: characters above U+00FF as numeric references. */
export function toCharRefs(xml: string): string {
  return xml.replace(/[\u{100}-\u{10ffff}]/gu, (char) => `&#${char.codePointAt(0)};`);
}
