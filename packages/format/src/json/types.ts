/**
 * The JSON form of a card read (`toJson`). Names mirror the XML elements
 * (official names where known, ours otherwise: see the README table); JSON
 * adds typed values beside the card's raw ones. Bytes are upper-case hex.
 * Absent optional members mean "not rendered" (identification-only output);
 * `null` means "not known".
 */

/** Bumped per the policy in the README: major for a breaking change, minor for additions. */
export const SCHEMA_VERSION = '1.0';

export interface CardDocument {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly sortie: SortieJson;
  readonly carte: CarteJson;
  readonly listeBenef: readonly BeneficiaireJson[];
  /** Work accidents of the family; `null` when the model does not hold them (see `carte.droitsNonLus`). */
  readonly listeat: ListeAtJson | null;
}

/** How this document was produced (ours). */
export interface SortieJson {
  readonly contenu: 'complet' | 'identification';
  readonly masquage: boolean;
  readonly centreCarte0000: boolean;
  readonly formatNir: 'compact' | 'spaced';
}

export type Generation = 'vitale-1' | 'vitale-2' | 'not-vitale';
export type Portee = 'administrative-only' | 'raw-memory' | 'none';
export type Motif = 'cpx-required' | 'layout-not-public' | 'not-read' | 'not-vitale';

/** Why rights (or other data) are not in the document. */
export interface NonLuJson {
  readonly motif: Motif;
  readonly libelle: string;
}

export interface CarteJson {
  readonly generation: Generation;
  readonly atr: string | null;
  readonly portee: Portee;
  /** Start of card validity (`66/80`). */
  readonly debutValidite: DateJson | null;
  /** Present when some rights (persons or AT) were not read. */
  readonly droitsNonLus: NonLuJson | null;
  readonly repertoire?: RepertoireJson | null;
  readonly listeFichiers?: readonly FichierJson[];
  readonly listeCertificats?: readonly CertificatJson[];
  readonly memoireVitale1?: MemoireVitale1Json | null;
  readonly listeDiagnostics?: readonly DiagnosticJson[];
}

/** A card date: the official `date` (DDMMYYYY) and `dateEnCarte`, plus typed parts. */
export interface DateJson {
  /** DDMMYYYY, reordered from the card digits; a lunar date keeps its digits (`00072016`). */
  readonly date: string;
  /** As on the card, `YYYYMMDD`. */
  readonly dateEnCarte: string;
  readonly lunaire: boolean;
  /** `YYYY-MM-DD`, or `null` for a lunar date (not a calendar day). */
  readonly iso: string | null;
  readonly annee: number;
  readonly mois: number | null;
  readonly jour: number | null;
}

/** A period of rights; `fin: null` is open-ended (PUMa). */
export interface PeriodeJson {
  /** DDMMYYYY, or `null` when not known. */
  readonly debut: string | null;
  readonly fin: string | null;
  readonly debutIso: string | null;
  readonly finIso: string | null;
}

export interface NirJson {
  /** As rendered in the XML: compact, or with a space before the key; masked when redacted. */
  readonly valeur: string;
  readonly masque: boolean;
  /** The 13 characters (may hold `2A`/`2B`); `null` when masked. */
  readonly chiffres: string | null;
  readonly cle: string | null;
  readonly cleCalculee: string | null;
  readonly cleValide: boolean;
  readonly sexe: 'male' | 'female' | null;
  readonly provisoire: boolean;
  readonly anneeNaissance: number | null;
  readonly moisNaissance: number | null;
  readonly departement: string | null;
  readonly commune: string | null;
  readonly lieuNaissance: 'metropolitan' | 'corsica' | 'overseas' | 'abroad' | null;
  readonly numeroOrdre: string | null;
}

export interface IdentJson {
  readonly nomUsuel: string | null;
  readonly nomPatronymique: string | null;
  readonly prenomUsuel: string | null;
  readonly naissance: DateJson | null;
  readonly rangDeNaissance: number | null;
  /** The NIR read in `65/93` (on a family card, possibly the insured person's). */
  readonly nir: NirJson | null;
  /** The same NIR when it is the person's own (see the README rule); else `null`. */
  readonly nirCertifie: NirJson | null;
  /** Not in the free read; `null`. */
  readonly dateCertification: string | null;
  /** `65/90`, code system unknown. */
  readonly nationalite: string | null;
  readonly appariementNir: 'same-template' | 'positional' | 'none';
}

export interface AmoJson {
  readonly qualBenef: string | null;
  readonly libelleQualBenef: string | null;
  readonly codeRegime: string | null;
  readonly libelleRegime: string | null;
  readonly caisse: string | null;
  readonly centreGestion: string | null;
  readonly centreCarte: string | null;
  readonly codeGestion: string | null;
  readonly listePeriodesDroits: readonly PeriodeJson[];
  /** At most 3 (two exoneration labels and one modulation label). */
  readonly libelleExo: readonly string[];
  readonly medecinTraitant: string | null;
  readonly serviceAmo: ({ readonly code: string } & PeriodeJson) | null;
  readonly listePeriodesCouverture: readonly CouvertureJson[];
  readonly acs: AcsJson | null;
}

export interface CouvertureJson extends PeriodeJson {
  readonly codeAld: string | null;
  readonly codeSituation: string | null;
  readonly codeExoStandard: string | null;
  readonly tauxStandard: string | null;
  readonly alsaceMoselle: boolean | null;
}

export interface AcsJson {
  readonly typeContrat: string;
  readonly libelle: string | null;
}

export interface CmuJson {
  readonly typeCMU: string;
  readonly periode: PeriodeJson;
}

export interface MutuelleJson {
  readonly numIdent: string;
  readonly garanties: string | null;
  readonly indicTraitement: string | null;
  readonly services: string | null;
  readonly aiguillageSts: string | null;
  readonly libelle: string | null;
  readonly listePeriodesDroits: readonly PeriodeJson[];
}

export interface AmcJson {
  readonly numComplB2: string | null;
  readonly codeRoutageFlux: string | null;
  readonly numAdherent: string | null;
  readonly indicTraitement: string | null;
  readonly validiteDonnees: PeriodeJson | null;
  readonly numEdi: string | null;
  readonly identifiantHote: string | null;
  readonly nomDomaine: string | null;
}

/** Where a value came from in the card's bytes. `octets` is `null` when redacted. */
export interface SourceJson {
  readonly fichier: number;
  readonly position: number;
  readonly longueur: number;
  readonly octets: string | null;
}

/** A data object nobody interpreted, kept whole. */
export interface InconnuJson {
  readonly chemin: string;
  readonly tag: string;
  readonly position: number;
  readonly longueur: number;
  readonly octets: string | null;
}

export interface BrutJson {
  readonly nomUsuel: SourceJson | null;
  readonly prenomUsuel: SourceJson | null;
  readonly naissance: SourceJson | null;
  readonly nationalite: SourceJson | null;
  readonly nir: SourceJson | null;
  readonly listeInconnus: readonly InconnuJson[];
}

export interface BeneficiaireJson {
  readonly index: number;
  readonly ident: IdentJson;
  readonly amo?: AmoJson;
  readonly cmu?: CmuJson;
  readonly mutuelle?: MutuelleJson;
  readonly amc?: AmcJson;
  readonly droitsNonLus?: NonLuJson;
  readonly brut?: BrutJson;
}

/** `at1` is the default AT organism, `at2`/`at3` the declared work accidents [L]. */
export interface ListeAtJson {
  readonly at1: AtJson | null;
  readonly at2: AtJson | null;
  readonly at3: AtJson | null;
}

export interface AtJson {
  readonly orgGestion: string;
  readonly code: string | null;
  readonly identifiant: string | null;
}

export interface RepertoireJson {
  readonly listeApplications: readonly {
    readonly entree: number;
    readonly aid: string;
    readonly nom: 'MF_VITALE' | 'VITALE' | null;
  }[];
  readonly listeFichiers: readonly {
    readonly nom: string;
    readonly application: number;
    readonly fid: string;
  }[];
}

export interface FichierJson {
  readonly index: number;
  readonly type: 'directory' | 'identity' | 'nir' | 'other';
  readonly aid: string | null;
  readonly fid: string | null;
  readonly sfi: number | null;
  readonly nom: string | null;
  readonly statut: 'read' | 'protected' | 'absent' | 'failed';
  readonly sw: string | null;
  readonly motif: string | null;
  readonly octets: string | null;
  readonly listeInconnus: readonly InconnuJson[];
}

export interface CertificatJson {
  readonly type: 'cv-certificate' | 'signature' | 'public-key-remainder';
  readonly fichier: number;
  readonly chemin: string;
  readonly position: number;
  /** `null` when redacted. */
  readonly octets: string | null;
}

export interface MemoireVitale1Json {
  readonly info: string | null;
  readonly sousType: 'IGEA' | 'SCOT' | null;
  readonly champs: NonLuJson;
  readonly listeBlocs: readonly BlocJson[];
}

export interface BlocJson {
  readonly index: number;
  /** Address in nibbles, 4 hex digits. */
  readonly adresse: string;
  readonly statut: 'read' | 'protected' | 'failed';
  readonly sw: string | null;
  /** `null` when redacted (the layout is not public: any word may hold a name). */
  readonly octets: string | null;
  readonly quartets: string | null;
}

export interface DiagnosticJson {
  readonly code: string;
  readonly message: string;
  readonly position: number;
  readonly chemin: string;
}
