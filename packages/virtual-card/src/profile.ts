/**
 * The card profile: a JSON description of one synthetic card. Documented
 * field by field in the README; `parseProfile` checks one and names the
 * faulty field in its error.
 */

/** A tag the reader has no name for, kept to test that unknown data survive. */
export interface ExtraTag {
  /** The BER tag in hex, e.g. `90` or `DF 20`. */
  readonly tag: string;
  /** The value as ISO-8859-1 text... */
  readonly text?: string;
  /** ...or as hex bytes (exactly one of the two). */
  readonly hex?: string;
  /** The file whose `65` template carries it. Default `identity`. */
  readonly file?: 'identity' | 'nir';
}

export interface PersonProfile {
  /** Nom as on the card (ISO-8859-1; trailing spaces kept as given). */
  readonly nom: string;
  readonly prenom: string;
  /** `YYYYMMDD` as on the card: day or month `00` ("lunar") allowed. */
  readonly birthDate: string;
  /** 15 characters: 13 + key, `2A`/`2B` allowed. The key is not checked: a wrong one is a fixture. */
  readonly nir: string;
  readonly extra?: readonly ExtraTag[];
}

export interface CardDataProfile {
  /** `66/80`, start of validity, `YYYYMMDD`. */
  readonly validityStart: string;
  /** `7F21` card-verifiable certificate, hex. */
  readonly certificate?: string;
  /** `5F37` signature, hex. */
  readonly signature?: string;
  /** `5F38` public-key remainder, hex. */
  readonly publicKeyRemainder?: string;
  readonly extra?: readonly ExtraTag[];
}

/** What a file holds; an array concatenates parts. */
export type ContentPart = 'directory' | 'identity' | 'nir' | 'card-data' | { readonly hex: string };
export type FileContent = ContentPart | readonly ContentPart[];

export interface FileProfile {
  /** Up to 8 ASCII characters: the name EF `2001` gives it (space-padded). */
  readonly name: string;
  /** 2-byte FID in hex, e.g. `D001`. */
  readonly fid: string;
  /** Short EF identifier (1 to 30) for READ BINARY with P1 = `80 | SFI`. */
  readonly sfi?: number;
  readonly content: FileContent;
  /** Indexes into `persons` for `identity`/`nir` content. Default: every person. */
  readonly persons?: readonly number[];
  /** File size in bytes; the content is padded up to it. Default: the content's length. */
  readonly size?: number;
  /** Padding byte after the content, `00` or `FF`. Default `00`. */
  readonly padding?: '00' | 'FF';
  /** READ BINARY answers this status word (hex, e.g. `6982`); SELECT still works. */
  readonly protected?: string;
  /** Pads the FCP answered to SELECT with P2 `00` to this many bytes (the Node.js reader wants 30). */
  readonly fciSize?: number;
  /** Listed in EF `2001`. Default: true, except the `directory` file itself. */
  readonly listed?: boolean;
}

export interface ApplicationProfile {
  /** A label for logs and errors. */
  readonly name: string;
  /** The AID (DF name) in hex. */
  readonly aid: string;
  /** This application is the MF (FID `3F00`): MF_VITALE is. */
  readonly mf?: boolean;
  /** A FID for the DF, to select it by FID under the MF. */
  readonly fid?: string;
  /** Entry number in EF `2001`. Default: position + 1. */
  readonly entry?: number;
  /** The 2 bytes of unknown meaning after the entry number in EF `2001`, hex. Default `0000`. */
  readonly info?: string;
  /** Listed in EF `2001`. Default true. */
  readonly listed?: boolean;
  readonly files: readonly FileProfile[];
}

export interface LayoutProfile {
  /** SELECT P2 forms the card accepts; the other one answers `6A 86`. Default `both`. */
  readonly selectP2?: 'both' | '00' | '0C';
  /** READ BINARY with Le beyond the end: data + `62 82`, or `6C xx`. Default `6282`. */
  readonly shortRead?: '6282' | '6C';
  /** Long-form BER lengths everywhere (`81 xx` even below 128). Default false. */
  readonly longLengths?: boolean;
  readonly applications: readonly ApplicationProfile[];
}

interface ProfileBase {
  /** What the card is. */
  readonly description: string;
  /** What the card exercises in a reader: one line each. */
  readonly exercises: readonly string[];
  /** The ATR in hex; each type has a default. */
  readonly atr?: string;
}

export interface Vitale2Profile extends ProfileBase {
  readonly type: 'vitale2';
  readonly persons: readonly PersonProfile[];
  readonly cardData?: CardDataProfile;
  /** Default: the `standard` layout (every public reading path works). */
  readonly layout?: LayoutProfile | LayoutName;
}

export interface Vitale1Profile extends ProfileBase {
  readonly type: 'vitale1';
  /** Chip family; nothing public says whether the two share addresses. */
  readonly subtype?: 'SCOT' | 'IGEA';
  /** The 8 bytes `BC C0 00 00 08` returns, hex. */
  readonly info: string;
  /** Memory as raw 32-bit words (8 hex digits, the 2 control bits included). */
  readonly memory: {
    /** Nibble address of the first word, hex. Default `0200`. */
    readonly start?: string;
    readonly words: readonly string[];
  };
}

export interface OtherCardProfile extends ProfileBase {
  /** A card that is not Vitale: a CPS, or anything else. */
  readonly type: 'cps' | 'unknown';
}

export type CardProfile = Vitale2Profile | Vitale1Profile | OtherCardProfile;
export type CardType = CardProfile['type'];

/** Named layouts, expanded by `layoutFor`. */
export const LAYOUT_NAMES = [
  'standard',
  'discovery',
  'sfi',
  'fci-get-response',
  'select-00-only',
  'select-0C-only',
] as const;
export type LayoutName = (typeof LAYOUT_NAMES)[number];
