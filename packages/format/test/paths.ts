import type { XmlElement, XmlValue } from '../src/index.js';

/** Every element of a parsed document as a path from the root, items of a list once. */
export function elementPaths(tree: XmlElement, parent = ''): string[] {
  return [...new Set(Object.entries(tree).flatMap(([name, value]) => valuePaths(name, value, parent)))];
}

function valuePaths(name: string, value: XmlValue, parent: string): string[] {
  const path = parent === '' ? name : `${parent}/${name}`;
  const items = (Array.isArray(value) ? value : [value]) as readonly (XmlElement | string)[];
  return [path, ...items.flatMap((item) => (typeof item === 'string' ? [] : elementPaths(item, path)))];
}

/** Every member of a JSON document as a path (`listeBenef[].ident.nir`), array items as `[]`. */
export function memberPaths(value: unknown, parent = ''): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((item) => memberPaths(item, `${parent}[]`)))];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([name, member]) => {
    const path = parent === '' ? name : `${parent}.${name}`;
    return [path, ...memberPaths(member, path)];
  });
}
