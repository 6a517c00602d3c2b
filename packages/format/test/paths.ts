/** Every member of a JSON document as a path (`listeBenef[].ident.nir`), array items as `[]`. */
export function memberPaths(value: unknown, parent = ''): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((item) => memberPaths(item, `${parent}[]`)))];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([name, member]) => {
    const path = parent === '' ? name : `${parent}.${name}`;
    return [path, ...memberPaths(member, path)];
  });
}
