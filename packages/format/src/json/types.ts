/**
 * The JSON form of a card read (`toJson`), and the model the XML is written
 * from. Member names are the official XML element names where the official
 * API has one, ours otherwise (the README table lists every member). Values
 * keep their type in both renderings; enumerated values are lower-case
 * French words without accents, like the names. Bytes are upper-case hex.
 *
 * Absent, `null`, empty (one rule, the README's "Absent, null, empty"):
 * a member is absent only when its part is not in the document's content
 * (`sortie.contenu`: an identification has no rights and no card
 * internals); `null` is "not known"; `[]` is "none".
 */

/**
 * `MAJOR.MINOR`. A minor version only adds members; the schema of a major
 * version accepts every minor version of it (see the README's versioning policy).
 */
export const SCHEMA_VERSION = '1.0';

export interface CardDocument {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly sortie: SortieJson;
  readonly carte: CarteJson;
  readonly listeBenef: readonly BeneficiaireJson[];
  /** Work accidents of the family; `null` when not known (see `carte.droitsNonLus`). Not in an identification. */
  readonly listeat?: ListeAtJson | null;
}

export type Contenu = 'complet' | 'identification';

/** How this document was produced. */
export interface SortieJson {
  readonly contenu: Contenu;
  readonly masquage: boolean;
  readonly centreCarte0000: boolean;
  readonly formatNir: 'compact' | 'espace';
}

export type Generation = 'vitale-1' | 'vitale-2' | 'non-vitale';
export type Portee = 'donnees-administratives' | 'memoire-brute' | 'aucune';
export type Motif = 'cpx-requise' | 'structure-non-publique' | 'non-lu' | 'non-vitale';

/** Why some data is not in the document. */
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
  /** Why `listeBenef` is empty on a card that may hold persons (Vitale 1: layout not public); `null` otherwise. */
  readonly personnesNonLues: NonLuJson | null;
  /** Why some rights (persons' or AT) are not in the document; `null` when none is missing. */
  readonly droitsNonLus?: NonLuJson | null;
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

export type Sexe = 'masculin' | 'feminin';
export type LieuNaissance = 'metropole' | 'corse' | 'outre-mer' | 'etranger';

/**
 * The parts of `ident.nir`, the ouvrant droit's NIR: its sex, year and place
 * of birth are the ouvrant droit's, which may not be this person's. Parts
 * that could identify are `null` when masked.
 */
export interface NirOuvrantDroitJson {
  /** The 13 characters (may hold `2A`/`2B`). */
  readonly chiffres: string | null;
  readonly cle: string | null;
  readonly cleCalculee: string | null;
  readonly cleValide: boolean;
  readonly provisoire: boolean;
  readonly sexe: Sexe | null;
  readonly anneeNaissance: number | null;
  readonly moisNaissance: number | null;
  readonly departement: string | null;
  readonly commune: string | null;
  readonly lieuNaissance: LieuNaissance | null;
  readonly numeroOrdre: string | null;
}

/** A conclusion the card does not state, with the rule that produced it. */
export interface InferenceJson<T> {
  readonly valeur: T;
  /** The rule, in one sentence (the README lists them). */
  readonly regle: string;
}

export interface InferencesJson {
  /** How `nir` was attached to this person; `null` without a NIR. */
  readonly appariementNir: InferenceJson<'meme-gabarit' | 'par-position'> | null;
  /** Whether `nir` is likely the person's own number; `null` without a NIR or a birth date. */
  readonly nirPropre: InferenceJson<boolean> | null;
}

export interface IdentJson {
  readonly nomUsuel: string | null;
  readonly nomPatronymique: string | null;
  readonly prenomUsuel: string | null;
  readonly naissance: DateJson | null;
  readonly rangDeNaissance: number | null;
  /** The ouvrant droit's NIR + key (the official element), as the card gives it. */
  readonly nir: string | null;
  /** The person's own certified NIR + key, only as a card or source states it; never inferred. */
  readonly nirCertifie: string | null;
  /** DDMMYYYY. */
  readonly dateCertification: string | null;
  /** `65/90`, code system unknown. */
  readonly nationalite: string | null;
  readonly nirOuvrantDroit: NirOuvrantDroitJson | null;
  readonly inferences: InferencesJson;
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
  readonly serviceAmo: ServiceAmoJson | null;
  readonly listePeriodesCouverture: readonly CouvertureJson[];
  readonly acs: AcsJson | null;
}

export interface ServiceAmoJson extends PeriodeJson {
  readonly code: string;
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

/** Where a value came from in the card's bytes. `octets` is `null` when masked. */
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

/** One person. Members other than `index` and `ident` are not in an identification. */
export interface BeneficiaireJson {
  readonly index: number;
  readonly ident: IdentJson;
  readonly amo?: AmoJson | null;
  readonly cmu?: CmuJson | null;
  readonly mutuelle?: MutuelleJson | null;
  readonly amc?: AmcJson | null;
  /** Why this person's rights are not in the document; `null` when they are. */
  readonly droitsNonLus?: NonLuJson | null;
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

export type StatutLecture = 'lu' | 'protege' | 'absent' | 'echec';

export interface FichierJson {
  readonly index: number;
  readonly type: 'repertoire' | 'identite' | 'nir' | 'autre';
  readonly aid: string | null;
  readonly fid: string | null;
  readonly sfi: number | null;
  readonly nom: string | null;
  readonly statut: StatutLecture;
  readonly sw: string | null;
  readonly motif: string | null;
  readonly octets: string | null;
  readonly listeInconnus: readonly InconnuJson[];
}

export interface CertificatJson {
  readonly type: 'certificat-cv' | 'signature' | 'reste-cle-publique';
  readonly fichier: number;
  readonly chemin: string;
  readonly position: number;
  /** `null` when masked. */
  readonly octets: string | null;
}

export interface MemoireVitale1Json {
  readonly info: string | null;
  readonly sousType: 'IGEA' | 'SCOT' | null;
  readonly listeBlocs: readonly BlocJson[];
}

export interface BlocJson {
  readonly index: number;
  /** Address in nibbles, 4 hex digits. */
  readonly adresse: string;
  readonly statut: Exclude<StatutLecture, 'absent'>;
  readonly sw: string | null;
  /** `null` when masked (the layout is not public: any word may hold a name). */
  readonly octets: string | null;
  readonly quartets: string | null;
}

export interface DiagnosticJson {
  /** The decoder's diagnostic code (`TLV_TRUNCATED`…): an identifier, not a word of the document. */
  readonly code: string;
  readonly message: string;
  readonly position: number;
  readonly chemin: string;
}
