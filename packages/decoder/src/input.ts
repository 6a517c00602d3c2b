/**
 * What a reader hands to `decodeCard`: only bytes and statuses, in the order
 * it collected them. The reader decides nothing about their meaning.
 */

/** Card generation, as the reader established it (ATR pattern, then SELECT MF_VITALE or `BC C0`). */
export type Generation = 'vitale-1' | 'vitale-2' | 'not-vitale';

/** How the reader reached a file. Echoed in the model; used only to label it. */
export interface FileLocation {
  /** DF name (AID) of the application selected before the file; absent for the MF (`3F00`). */
  readonly aid?: Uint8Array;
  /** File identifier given to SELECT, e.g. `0xD001`, `0x2001`. */
  readonly fid?: number;
  /** Short file identifier given to READ BINARY (P1 = `80 | SFI`), e.g. 2. */
  readonly sfi?: number;
  /** The 8-character name of the file in EF 2001, when it was found through it. */
  readonly name?: string;
}

/**
 * Why the reader read a file. It steers decoding only for `directory`
 * (decoded as EF 2001, as is any file with FID `2001`) and for `nir` (a `65`
 * template there without name or date is a NIR template even when its `93`
 * is missing). Persons are otherwise found by content, in every file.
 */
export type FileKind =
  /** EF 2001 of VITALE: the map of applications and files. */
  | 'directory'
  /** The identity file: MF_VITALE, FID `D001`, or SFI 2 under the MF. */
  | 'identity'
  /** The NIR file: VITALE, SFI 2. */
  | 'nir'
  /** Any other file listed in EF 2001. */
  | 'other';

/** The four outcomes of reading one file. */
export type FileStatus =
  /** Its bytes were read (READ BINARY until a short answer, `6B 00` or `62 82`). */
  | 'read'
  /** SELECT worked but READ BINARY answered a security status (`69 82`, `69 85`, `69 86`…). */
  | 'protected'
  /** SELECT answered "not found" (`6A 82`…). */
  | 'absent'
  /** Anything else: an unexpected status word, or a transport error. */
  | 'failed';

interface RawFileBase {
  readonly kind: FileKind;
  readonly location: FileLocation;
}

/** One file as collected; the status decides which other members are there. */
export type RawFile = RawFileBase &
  (
    | {
        readonly status: 'read';
        /** All the bytes read, in order, padding included. */
        readonly data: Uint8Array;
        /** SW1SW2 of the last READ BINARY (`0x9000`, `0x6282`…), when known. */
        readonly sw?: number;
      }
    | { readonly status: 'protected'; readonly sw: number }
    | { readonly status: 'absent'; readonly sw?: number }
    | {
        readonly status: 'failed';
        readonly sw?: number;
        /** What went wrong, for a human (a transport error message, a step name). */
        readonly reason: string;
      }
  );

/** One `BC B0` read of Vitale 1 memory. */
export interface RawVitale1Chunk {
  /** P1P2 of the read: an address in nibbles (one 32-bit word = 8 units), e.g. `0x0288`. */
  readonly address: number;
  readonly status: 'read' | 'protected' | 'failed';
  /** SW1SW2 of the answer, when there was one. */
  readonly sw?: number;
  /** The bytes returned (a multiple of 4 is expected); empty unless `read`. */
  readonly data?: Uint8Array;
}

/** What a Vitale 1 read collects: the `BC C0` answer and the memory chunks. */
export interface RawVitale1Read {
  /** The 8 bytes answered to `BC C0 00 00 08`, or `null` when not read. */
  readonly info: Uint8Array | null;
  /** Chip family when the reader knows it. [M/L] */
  readonly subtype?: 'IGEA' | 'SCOT';
  readonly chunks: readonly RawVitale1Chunk[];
}

/**
 * What the reader was asked to collect: `identification`, the persons' identity
 * and NIR through the fewest files (API 6.31's simplified read), or `full`,
 * every file freely readable.
 */
export type ReadContent = 'identification' | 'full';

/** Everything one read of one card produced: the input of `decodeCard`. */
export interface RawCardRead {
  /** The Answer To Reset, as the reader got it. */
  readonly atr: Uint8Array;
  readonly generation: Generation;
  /** What the reader was asked to collect. Default `full`. */
  readonly content?: ReadContent;
  /**
   * Vitale 2: every file the reader tried, in the order it tried them: EF
   * 2001, then the identity file(s), the NIR file(s) and any other file
   * listed in EF 2001, each with its status. Persons are numbered in this
   * order. Empty or absent for Vitale 1.
   */
  readonly files?: readonly RawFile[];
  /** Vitale 1: the memory dump. */
  readonly vitale1?: RawVitale1Read;
}
