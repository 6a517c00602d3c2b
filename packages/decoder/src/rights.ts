import type { CodedValue } from './tables.js';

/**
 * Rights (droits) of a person, as the SESAM-Vitale data dictionary describes
 * them (groups 101–109) and the official XML renders them. [M] for the
 * content, [?] for any on-card layout: on Vitale 2 they sit in files that
 * need a health-professional card (CPx) and a non-public protocol, and the
 * Vitale 1 layout is not public. So no decoder fills them from card bytes
 * today: they are typed here so that a later source (a CPx read, an online
 * service) can, and so that a formatter renders them when present.
 *
 * Dates are ISO `YYYY-MM-DD` strings; codes are kept as on the source.
 */

/** A period of rights. `end: null` is an open-ended period (PUMa). */
export interface Period {
  readonly start: string | null;
  readonly end: string | null;
}

/** Why some data is not in the model. */
export type UnavailableReason =
  /** Vitale 2: the data sit in protected files; reading them needs a CPx and a non-public protocol. */
  | 'cpx-required'
  /** Vitale 1: the memory layout is not public, so no field can be decoded. */
  | 'layout-not-public'
  /** The reader did not read the files that would hold them. */
  | 'not-read'
  /** The card is not a carte Vitale. */
  | 'not-vitale';

/** Data that is not in the model, with the reason. */
export interface NotAvailable {
  readonly status: 'not-available';
  readonly reason: UnavailableReason;
  readonly message: string;
}

/** Present with its value, or absent with the reason; never invented. */
export type Availability<T> = { readonly status: 'available'; readonly value: T } | NotAvailable;

/** A coverage period (période de couverture, group 106), up to 7. */
export interface CoveragePeriod {
  readonly period: Period;
  /** Code ALD (affection de longue durée). */
  readonly codeAld: string | null;
  /** Code situation (4 characters). */
  readonly codeSituation: string | null;
  /** Code exonération standard. */
  readonly exonerationCode: string | null;
  /** Taux standard. */
  readonly rate: string | null;
  /** Régime Alsace-Moselle. */
  readonly alsaceMoselle: boolean | null;
}

/** C2S (complémentaire santé solidaire, ex CMU-C): the XML's `<cmu>`. */
export interface C2sRights {
  /** `typeCMU` as given by the source. */
  readonly type: string;
  readonly period: Period;
}

/** ACS (aide au paiement d'une complémentaire santé) contract type, shown since API 6.31. */
export interface AcsRights {
  /** `A`, `B` or `C`; another code passes through as is. */
  readonly contract: 'A' | 'B' | 'C' | (string & {});
  readonly label: string | null;
}

/** The declared médecin traitant. */
export interface MedecinTraitant {
  /** As given by the source (name, or an identifier). */
  readonly value: string;
}

/** Compulsory insurance (AMO): the XML's `<amo>`. */
export interface AmoRights {
  readonly regime: CodedValue;
  /** Caisse (3 digits). */
  readonly caisse: string;
  /** Centre gestionnaire (4 digits). */
  readonly centreGestionnaire: string;
  /** Centre carte; API 6.31 can force it to `0000` for the régime général (a formatter option). */
  readonly centreCarte: string | null;
  /** Code gestion (2 characters). */
  readonly codeGestion: string;
  /** Service AMO (group 102/104): code and dates. */
  readonly serviceAmo: { readonly code: string; readonly period: Period } | null;
  /** Rights periods (group 105), up to 3; PUMa periods may be open-ended. */
  readonly rightsPeriods: readonly Period[];
  /** Coverage periods (group 106), up to 7. */
  readonly coveragePeriods: readonly CoveragePeriod[];
  /** Exoneration labels (`libelleExo`): at most two exoneration and one modulation label. */
  readonly exonerationLabels: readonly string[];
  readonly c2s: C2sRights | null;
  readonly acs: AcsRights | null;
  readonly medecinTraitant: MedecinTraitant | null;
}

/** Complémentaire santé (group 109): the XML's `<amc>`. */
export interface AmcRights {
  readonly numComplB2: string | null;
  readonly numEdi: string | null;
  readonly numAdherent: string | null;
  readonly indicTraitement: string | null;
  readonly codeRoutageFlux: string | null;
  readonly hostId: string | null;
  readonly domainName: string | null;
  readonly validity: Period | null;
}

/** Mutuelle (groups 107/108): the XML's `<mutuelle>`. */
export interface MutuelleRights {
  /** Identification (`numIdent`). */
  readonly numIdent: string;
  readonly garanties: string | null;
  readonly indicTraitement: string | null;
  readonly services: string | null;
  readonly aiguillageSts: string | null;
  readonly label: string | null;
  /** Up to 3 rights periods. */
  readonly periods: readonly Period[];
}

/** Everything a person is entitled to, as far as the source says. */
export interface Rights {
  readonly amo: AmoRights | null;
  readonly amc: AmcRights | null;
  readonly mutuelle: MutuelleRights | null;
}

/** One declared work accident (accident du travail, group 103). */
export interface WorkAccident {
  readonly organism: string;
  readonly code: string | null;
  readonly identifier: string | null;
}

/** Work accidents of the family (group 103): the XML's `<listeat>`. */
export interface WorkAccidentRights {
  /** Default AT organism. */
  readonly defaultOrganism: string | null;
  /** Up to 2 declared work accidents. */
  readonly accidents: readonly WorkAccident[];
}

const MESSAGES: Readonly<Record<UnavailableReason, string>> = {
  'cpx-required':
    'Rights are in protected files of the Vitale 2 card: reading them needs a health-professional card (CPx) and a non-public protocol.',
  'layout-not-public': 'The Vitale 1 memory layout is not public: no field is decoded from the dump.',
  'not-read': 'The files that would hold this data were not read.',
  'not-vitale': 'The card is not a carte Vitale.',
};

export function notAvailable(reason: UnavailableReason): NotAvailable {
  return { status: 'not-available', reason, message: MESSAGES[reason] };
}
