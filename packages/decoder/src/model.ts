import type { BirthDate, CardDate } from './dates.js';
import type { Diagnostic } from './diagnostics.js';
import type { Field, UnknownNode } from './field.js';
import type { FileKind, FileLocation, FileStatus, Generation, ReadContent } from './input.js';
import type { Nir } from './nir.js';
import type { Availability, NotAvailable, Rights, WorkAccidentRights } from './rights.js';
import type { CodedValue } from './tables.js';
import type { TlvTail } from './tlv.js';
import type { Vitale1Dump } from './vitale1.js';

/**
 * The decoded card: what `@openvitale/format` and integrators consume.
 * Confidence tags in these docs: [H] several independent sources, [M] one
 * good source or a consistent inference, [L] weak, [?] unknown.
 * Every `Field` offset is in the bytes of the file it names (`Person.templates`,
 * `CardData.file`, `Directory.file`: indexes into `Card.files`).
 */
export interface Card {
  /** As established by the reader (ATR, then SELECT MF_VITALE or `BC C0`). */
  readonly generation: Generation;
  /** Answer To Reset. */
  readonly atr: Uint8Array;
  readonly readScope: ReadScope;
  /** What the reader was asked to collect (`RawCardRead.content`). */
  readonly content: ReadContent;
  /**
   * Why `persons` holds nobody although the card may hold persons: the
   * Vitale 1 memory layout is not public (`layout-not-public`), or the card
   * is not a carte Vitale (`not-vitale`). `null` on Vitale 2, whose persons
   * are decoded (a Vitale 2 with no `65` template gives `[]` and `null`).
   */
  readonly personsUnavailable: NotAvailable | null;
  /** EF 2001 decoded, when it was read. [H] */
  readonly directory: Directory | null;
  /** The card-data template `66`, when found. [H] */
  readonly cardData: CardData | null;
  /** Certificate blobs `7F21`/`5F37`/`5F38`, inside `66` or at a file's top level. [H] tag, [M] meaning */
  readonly certificates: readonly CertificateBlob[];
  /** One per `65` template, in file order. A family card holds several. [H] */
  readonly persons: readonly Person[];
  /** Per file tried, in the reader's order. */
  readonly files: readonly FileReport[];
  /** Vitale 1: the memory dump unpacked. */
  readonly vitale1: Vitale1Dump | null;
  /** Work accidents (family level, the XML's `<listeat>`): protected or undecodable today. */
  readonly workAccidents: Availability<WorkAccidentRights>;
  /** Every problem met in the bytes (same list as `DecodeResult.diagnostics`). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * How much of the card the model holds.
 * - `administrative-only`: Vitale 2 read without a CPx: identity, NIR and card
 *   data; rights are protected. The official stack names this outcome too
 *   (status `F001`, "CPx absent") [M]: a normal outcome, not a failure.
 * - `raw-memory`: Vitale 1: the memory dump only, no field decoded.
 * - `none`: not a carte Vitale.
 */
export type ReadScope = 'administrative-only' | 'raw-memory' | 'none';

/** One beneficiary (a `65` template, plus its NIR template when paired). */
export interface Person {
  /** Position in `Card.persons`, from 0. */
  readonly index: number;
  /** `65/80`: nom; whether usage or birth name is not known [M]. Maps to `nomUsuel`. */
  readonly surname: Field<string> | null;
  /** `65/81`: prénom [H]. Maps to `prenomUsuel`. */
  readonly givenName: Field<string> | null;
  /** Nom patronymique: in the protected data only [M]; `null` from a Vitale 2 free read. */
  readonly birthSurname: Field<string> | null;
  /** `65/82`: date of birth `YYYYMMDD`, lunar dates kept [H]. */
  readonly birthDate: Field<BirthDate> | null;
  /** `65/90`: nationality or country; the code system is unknown [M]. Raw text. */
  readonly nationality: Field<string> | null;
  /**
   * `65/93`: the NIR + key [H]. On a family card every person may carry the
   * insured person's NIR [M]: use (birth date, rang, qualité) to tell them apart.
   */
  readonly nir: Field<Nir> | null;
  /** How `nir` was attached to this person. */
  readonly nirPairing: NirPairing;
  /**
   * NIR certifié + clé: the person's own NIR as certified (dictionary group
   * 104) [M]. No freely readable tag is known to hold it [?]: `null` from a
   * Vitale 2 free read, never inferred from `nir`. Maps to `nirCertifie`.
   */
  readonly certifiedNir: Field<Nir> | null;
  /** Date de certification of `certifiedNir` (group 104) [M]; `null` from a free read. Maps to `dateCertification`. */
  readonly certificationDate: Field<CardDate> | null;
  /** Rang de naissance (1 digit, `0`/empty read as 1): not in the free-read tags [?]; `null` then. */
  readonly birthRank: number | null;
  /** Qualité du bénéficiaire: not in the free-read tags [?]; `null` then. */
  readonly qualite: CodedValue | null;
  /** AMO, AMC, mutuelle: protected on Vitale 2, so `not-available` with the reason. */
  readonly rights: Availability<Rights>;
  /**
   * The templates this person was read from: its identity `65`, and the `65`
   * at the same position in the NIR file(s) (linked even when the identity
   * template holds its own `93`, which then wins: `nirPairing` says which).
   */
  readonly templates: {
    readonly identity: TemplateSource | null;
    readonly nir: TemplateSource | null;
  };
}

/**
 * - `same-template`: `93` was inside the person's own `65`.
 * - `positional`: taken from the k-th `65` of the NIR file for the k-th
 *   identity `65`, the only public rule [M]; check it where it matters.
 * - `none`: no NIR for this person.
 */
export type NirPairing = 'same-template' | 'positional' | 'none';

/** Where a person's `65` template is, and what in it was not interpreted. */
export interface TemplateSource {
  /** Index into `Card.files`. */
  readonly file: number;
  /** Position of this `65` among the `65` templates of that file, from 0. */
  readonly index: number;
  /** Offset of the `65` tag in the file. */
  readonly offset: number;
  /** Bytes of the whole `65` object. */
  readonly length: number;
  /** Every other tag inside the template (and repeated or malformed known ones), with its path. */
  readonly unknown: readonly UnknownNode[];
}

/** The card-data template `66`. */
export interface CardData {
  /** Index into `Card.files`. */
  readonly file: number;
  readonly offset: number;
  readonly length: number;
  /** `66/80`: start of card validity, `YYYYMMDD` [H]. */
  readonly validityStart: Field<CardDate> | null;
  /** Other tags inside `66` (certificate blobs excepted: see `Card.certificates`). */
  readonly unknown: readonly UnknownNode[];
}

/** A certificate blob, kept whole (tag, length, value); not verified. */
export interface CertificateBlob extends UnknownNode {
  /** Index into `Card.files`. */
  readonly file: number;
  /** `7F21` card-verifiable certificate, `5F37` signature, `5F38` public-key remainder. */
  readonly kind: 'cv-certificate' | 'signature' | 'public-key-remainder';
}

/** EF 2001: the applications and files of the card. [H for the layout as cardpeek parses it] */
export interface Directory {
  /** Index into `Card.files`. */
  readonly file: number;
  readonly applications: readonly DirectoryApplication[];
  readonly files: readonly DirectoryFile[];
  /** Tags other than `E0`, `A0`, `82`, `80`, and malformed entries. */
  readonly unknown: readonly UnknownNode[];
}

/** One `82` entry: `EE EE XX XX AID…`. */
export interface DirectoryApplication {
  /** Entry number, 2 bytes big-endian. */
  readonly entry: Field<number>;
  /** 2 bytes of unknown meaning [?]. */
  readonly unknownBytes: Field<Uint8Array>;
  readonly aid: Field<Uint8Array>;
  /** `MF_VITALE` or `VITALE` when the AID is one of the two known ones. */
  readonly name: 'MF_VITALE' | 'VITALE' | null;
}

/** One `80` entry: 8 ASCII name, entry number of the owning application, FID. */
export interface DirectoryFile {
  /** Trailing spaces trimmed. */
  readonly name: Field<string>;
  /** Entry number of the owning application. */
  readonly application: Field<number>;
  readonly fid: Field<number>;
  /** AID of the owning application when an `82` entry has that number. */
  readonly aid: Uint8Array | null;
}

/** What happened to one file, with what the decoder did not use in it. */
export interface FileReport {
  /** Position in `Card.files` (the reader's order). */
  readonly index: number;
  /**
   * What the file is: the reader's kind, except that a file the reader did
   * not name (`other`) is named by its person templates: `identity` when
   * they hold a name or a birth date, `nir` when they hold only NIRs. The
   * NIR file found through EF 2001 is thus `nir`, as it is by SFI.
   */
  readonly kind: FileKind;
  readonly location: FileLocation;
  readonly status: FileStatus;
  /** SW1SW2 when the reader gave it. */
  readonly sw: number | null;
  /** Why it failed, for `failed`. */
  readonly reason: string | null;
  /** The bytes, for `read`. */
  readonly data: Uint8Array | null;
  /** Top-level objects the decoder did not interpret. */
  readonly unknown: readonly UnknownNode[];
  /** Padding or unparsed bytes after the last top-level object. */
  readonly tail: TlvTail | null;
}
