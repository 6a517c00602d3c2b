/**
 * Code tables as data (from the SESAM-Vitale data dictionary as seen through
 * open billing software [M]). A code missing from a table is not an error:
 * `lookup*` returns it with `label: null`.
 */

/** A code as on the card, with its label when the table knows it. */
export interface CodedValue {
  readonly code: string;
  readonly label: string | null;
}

/** Code régime (2 digits). */
export const REGIMES: Readonly<Record<string, string>> = {
  '01': 'Régime général',
  '02': 'Régime agricole (MSA)',
  '03': 'Indépendants (ex-RSI, rattachés au régime général depuis 2019–2020)',
  '04': 'SNCF',
  '05': 'RATP',
  '06': 'ENIM (marins)',
  '07': 'Mines',
  '08': 'Militaires (CNMSS)',
  '09': 'Banque de France',
  '10': 'CRPCEN (clercs et employés de notaires)',
  '12': 'CCI Paris (fermé)',
  '14': 'Assemblée nationale',
  '15': 'Sénat',
  '16': 'Port autonome de Bordeaux (fermé)',
  '90': 'CAVIMAC (cultes)',
  '91': 'MGEN (section locale)',
  '92': 'MGPTT (section locale)',
  '93': 'MGP (section locale)',
  '94': 'MFP (section locale)',
  '95': 'MNH (section locale)',
  '96': 'MNAM (section locale)',
  '99': 'Sections locales mutualistes',
};

/** Qualité du bénéficiaire (1 digit). */
export const QUALITES: Readonly<Record<string, string>> = {
  '0': 'Assuré (ouvrant droit)',
  '1': 'Ascendant, descendant, collatéral',
  '2': 'Conjoint',
  '3': 'Conjoint divorcé',
  '4': 'Concubin',
  '5': 'Conjoint séparé',
  '6': 'Enfant',
  '7': 'Bénéficiaire hors article 313',
  '8': 'Conjoint veuf',
  '9': 'Autre ayant droit',
};

/** Where a NIR says its holder was born, from the département of birth. */
export type NirPlaceKind = 'metropolitan' | 'corsica' | 'overseas' | 'abroad';

/** Départements of the NIR that are not plain metropolitan numbers; `20` is Corsica before 1976. */
export const NIR_PLACE_KINDS: Readonly<Record<string, NirPlaceKind>> = {
  '2A': 'corsica',
  '2B': 'corsica',
  '20': 'corsica',
  '97': 'overseas',
  '98': 'overseas',
  '99': 'abroad',
};

function lookup(table: Readonly<Record<string, string>>, code: string): CodedValue {
  return { code, label: Object.hasOwn(table, code) ? table[code]! : null };
}

export function lookupRegime(code: string): CodedValue {
  return lookup(REGIMES, code);
}

export function lookupQualite(code: string): CodedValue {
  return lookup(QUALITES, code);
}

/** Rang de naissance: 1 digit; empty or `0` reads as 1; `null` for anything that is not a digit. */
export function decodeBirthRank(raw: string): number | null {
  const text = raw.trim();
  if (text === '' || text === '0') return 1;
  return /^\d$/.test(text) ? Number(text) : null;
}

/** Régime 01 with caisse 999, or caisse 349 / centre 0349, mark test cards. [M] */
export function isTestInsurer(regime: string, caisse: string, centre: string | null): boolean {
  return (regime === '01' && caisse === '999') || caisse === '349' || centre === '0349';
}
