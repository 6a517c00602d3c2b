export { isOpenVitaleError, OpenVitaleError } from '@openvitale/errors';
export { MF_VITALE_AID, VITALE_AID, VITALE_RID, vitaleAidName } from './aids.js';
export { ATR_PATTERNS, type AtrKind, classifyAtr } from './atr.js';
export { decodeCard } from './card.js';
export { type BirthDate, type CardDate, parseCardDate } from './dates.js';
export {
  DecodeError,
  type DecodeResult,
  type Diagnostic,
  type DiagnosticCode,
} from './diagnostics.js';
export { decodeDirectory } from './directory.js';
export type { Field, UnknownNode } from './field.js';
export { fromHex, toHex } from './hex.js';
export type {
  FileKind,
  FileLocation,
  FileStatus,
  Generation,
  RawCardRead,
  RawFile,
  RawVitale1Chunk,
  RawVitale1Read,
  ReadContent,
} from './input.js';
export type {
  Card,
  CardData,
  CertificateBlob,
  Directory,
  DirectoryApplication,
  DirectoryFile,
  FileReport,
  NirPairing,
  Person,
  ReadScope,
  TemplateSource,
} from './model.js';
export { computeNirKey, type Nir, parseNir } from './nir.js';
export { DEFAULT_LIMITS, type DecodeOptions, type Limits, MAX_LIMITS } from './options.js';
export type {
  AcsRights,
  AmcRights,
  AmoRights,
  Availability,
  C2sRights,
  CoveragePeriod,
  MedecinTraitant,
  MutuelleRights,
  NotAvailable,
  Period,
  Rights,
  UnavailableReason,
  WorkAccident,
  WorkAccidentRights,
} from './rights.js';
export {
  type CodedValue,
  decodeBirthRank,
  isTestInsurer,
  lookupQualite,
  lookupRegime,
  NIR_PLACE_KINDS,
  type NirPlaceKind,
  QUALITES,
  REGIMES,
} from './tables.js';
export { parseTlv, type TlvNode, type TlvTail, type TlvTree } from './tlv.js';
export { encodeTlv, type TlvEncodable } from './tlv-encode.js';
export type { Vitale1Chunk, Vitale1Dump, Vitale1Word } from './vitale1.js';
