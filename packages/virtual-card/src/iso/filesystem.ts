import { ProfileError } from '../profile-error.js';
import { constructed, tlv } from '../tlv.js';

/** A transparent EF. */
export interface ElementaryFile {
  readonly kind: 'ef';
  readonly name: string;
  readonly fid: number;
  readonly sfi?: number;
  readonly content: Uint8Array;
  /** READ BINARY answers this status word instead of data. */
  readonly protectedSw?: number;
  /** The FCP answered to SELECT with P2 `00`. */
  readonly fci: Uint8Array;
}

export interface DedicatedFile {
  readonly kind: 'df';
  readonly name: string;
  readonly fid?: number;
  readonly aid?: Uint8Array;
  readonly children: readonly (ElementaryFile | DedicatedFile)[];
  readonly fci: Uint8Array;
}

const byte2 = (value: number) => Uint8Array.of(value >> 8, value & 0xff);

/**
 * The FCP of a transparent EF (ISO/IEC 7816-4 table 12): size, descriptor,
 * FID, SFI, life cycle. `targetSize` pads it with a proprietary `85` object
 * to the length a given card answers.
 */
export function efFcp(fid: number, size: number, sfi?: number, targetSize?: number): Uint8Array {
  const parts = [
    tlv(Uint8Array.of(0x80), byte2(size)),
    tlv(Uint8Array.of(0x82), Uint8Array.of(0x01, 0x21)),
    tlv(Uint8Array.of(0x83), byte2(fid)),
    ...(sfi === undefined ? [] : [tlv(Uint8Array.of(0x88), Uint8Array.of(sfi << 3))]),
    tlv(Uint8Array.of(0x8a), Uint8Array.of(0x05)),
  ];
  return padTemplate(0x62, parts, targetSize);
}

/** The FCI of a DF selected by name: `6F { 84 AID, 83 FID }`. */
export function dfFci(aid: Uint8Array | undefined, fid: number | undefined): Uint8Array {
  const parts = [
    ...(aid ? [tlv(Uint8Array.of(0x84), aid)] : []),
    ...(fid === undefined ? [] : [tlv(Uint8Array.of(0x83), byte2(fid))]),
  ];
  return constructed(Uint8Array.of(0x6f), parts);
}

function padTemplate(tag: number, parts: Uint8Array[], targetSize: number | undefined): Uint8Array {
  const plain = constructed(Uint8Array.of(tag), parts);
  if (targetSize === undefined || targetSize === plain.length) return plain;
  // Filler `85 L 00..`: the whole template grows by 2 + L (short lengths throughout).
  const fill = targetSize - plain.length - 2;
  if (fill < 0 || targetSize > 129) {
    throw new ProfileError(
      'fciSize',
      `an FCP of ${plain.length} bytes cannot be padded to ${targetSize} (at most 129)`,
    );
  }
  return constructed(Uint8Array.of(tag), [...parts, tlv(Uint8Array.of(0x85), new Uint8Array(fill))]);
}

/** The DF whose AID is `aid`, anywhere in the tree. */
export function findByAid(df: DedicatedFile, aid: Uint8Array): DedicatedFile | undefined {
  if (df.aid && df.aid.length === aid.length && df.aid.every((b, i) => b === aid[i])) return df;
  for (const child of df.children) {
    if (child.kind !== 'df') continue;
    const found = findByAid(child, aid);
    if (found) return found;
  }
  return undefined;
}

/** The parent of `target` under `root`. */
export function parentOf(root: DedicatedFile, target: DedicatedFile): DedicatedFile | undefined {
  for (const child of root.children) {
    if (child === target) return root;
    if (child.kind === 'df') {
      const found = parentOf(child, target);
      if (found) return found;
    }
  }
  return undefined;
}
