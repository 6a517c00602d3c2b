import type {
  CertificateBlob,
  FileKind,
  FileStatus,
  Generation,
  Nir,
  ReadScope,
  UnavailableReason,
} from '@openvitale/decoder';
import type {
  CertificatJson,
  FichierJson,
  Generation as GenerationJson,
  LieuNaissance,
  Motif,
  Portee,
  Sexe,
  StatutLecture,
} from './types.js';

/**
 * The decoder's enumerated values (English identifiers of a TypeScript API)
 * in the document's language: French, like the official element names.
 */
export const GENERATION: Readonly<Record<Generation, GenerationJson>> = {
  'vitale-1': 'vitale-1',
  'vitale-2': 'vitale-2',
  'not-vitale': 'non-vitale',
};

export const PORTEE: Readonly<Record<ReadScope, Portee>> = {
  'administrative-only': 'donnees-administratives',
  'raw-memory': 'memoire-brute',
  none: 'aucune',
};

export const MOTIF: Readonly<Record<UnavailableReason, Motif>> = {
  'cpx-required': 'cpx-requise',
  'layout-not-public': 'structure-non-publique',
  'not-read': 'non-lu',
  'not-vitale': 'non-vitale',
};

export const SEXE: Readonly<Record<NonNullable<Nir['sex']>, Sexe>> = { male: 'masculin', female: 'feminin' };

export const LIEU_NAISSANCE: Readonly<Record<NonNullable<Nir['placeKind']>, LieuNaissance>> = {
  metropolitan: 'metropole',
  corsica: 'corse',
  overseas: 'outre-mer',
  abroad: 'etranger',
};

export const TYPE_FICHIER: Readonly<Record<FileKind, FichierJson['type']>> = {
  directory: 'repertoire',
  identity: 'identite',
  nir: 'nir',
  other: 'autre',
};

export const STATUT = {
  read: 'lu',
  protected: 'protege',
  absent: 'absent',
  failed: 'echec',
} as const satisfies Readonly<Record<FileStatus, StatutLecture>>;

export const TYPE_CERTIFICAT: Readonly<Record<CertificateBlob['kind'], CertificatJson['type']>> = {
  'cv-certificate': 'certificat-cv',
  signature: 'signature',
  'public-key-remainder': 'reste-cle-publique',
};
