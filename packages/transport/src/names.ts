/** Something a person names: a reader, a GALSS resource with its aliases. */
export interface Named {
  readonly name: string;
  /** Other names of the same thing (a GALSS resource's `NomAliasN=`). */
  readonly aliases?: readonly string[] | undefined;
}

/**
 * The one rule by which a person's selector names a reader: its name or one
 * of its aliases exactly, else the same ignoring case, else a part of one of
 * them (ignoring case). The first of these tiers that matches anything wins,
 * so an exact name is never ambiguous with a longer one that contains it.
 * Returns every candidate of that tier: none, one (the match), or several
 * (ambiguous: the caller says which, and asks for more of the name).
 */
export function matchName<T extends Named>(candidates: readonly T[], selector: string): T[] {
  const lower = selector.toLowerCase();
  const names = (c: T) => [c.name, ...(c.aliases ?? [])];
  const tiers: ((name: string) => boolean)[] = [
    (name) => name === selector,
    (name) => name.toLowerCase() === lower,
    (name) => lower !== '' && name.toLowerCase().includes(lower),
  ];
  for (const tier of tiers) {
    const found = candidates.filter((c) => names(c).some(tier));
    if (found.length > 0) return found;
  }
  return [];
}
