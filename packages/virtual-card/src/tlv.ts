import { OpenVitaleError } from '@openvitale/errors';
import { concatBytes } from '@openvitale/transport';

/**
 * A small BER-TLV *encoder*, on purpose independent of any decoder in the
 * project: the virtual card is the source of truth the decoder is tested
 * against, so it must not share the decoder's bugs.
 */

export interface TlvOptions {
  /**
   * Encode every length in long form (`81 xx` below 128, `82 xx xx` from 256)
   * even where the short form fits: valid BER that some cards emit, and that
   * a reader must accept.
   */
  readonly longLengths?: boolean;
}

/** A length or a tag the encoder cannot write: `INVALID_TLV`. */
function invalidTlv(summary: string): OpenVitaleError {
  return new OpenVitaleError('INVALID_TLV', summary, {
    action: 'give a well-formed BER tag (1 to 3 bytes) and a length from 0 to 16 777 215',
  });
}

/** Encodes a BER length: short form below 128, else `81`/`82`/`83` + big-endian bytes. */
export function encodeLength(length: number, options: TlvOptions = {}): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 0xffffff) {
    throw invalidTlv(`TLV length ${length} is out of range`);
  }
  if (length < 0x80 && options.longLengths !== true) return Uint8Array.of(length);
  if (length <= 0xff) return Uint8Array.of(0x81, length);
  if (length <= 0xffff) return Uint8Array.of(0x82, length >> 8, length & 0xff);
  return Uint8Array.of(0x83, length >> 16, (length >> 8) & 0xff, length & 0xff);
}

/** Checks that `tag` is one well-formed BER tag (1 byte, or a multi-byte tag ending at the right byte). */
export function checkTag(tag: Uint8Array): void {
  const first = tag[0];
  if (first === undefined) throw invalidTlv('A TLV tag needs at least one byte');
  const multi = (first & 0x1f) === 0x1f;
  if (!multi) {
    if (tag.length !== 1) throw invalidTlv(`Tag ${hexOf(tag)}: a low tag number takes one byte`);
    return;
  }
  if (tag.length < 2) throw invalidTlv(`Tag ${hexOf(tag)}: a high tag number needs a second byte`);
  for (let i = 1; i < tag.length; i++) {
    const more = (tag[i]! & 0x80) !== 0;
    if (more !== i < tag.length - 1) {
      throw invalidTlv(`Tag ${hexOf(tag)}: bit 8 must be set on every subsequent byte but the last`);
    }
  }
}

/** One TLV: `tag` as bytes (e.g. `7F 21`), value as given. */
export function tlv(tag: Uint8Array, value: Uint8Array, options: TlvOptions = {}): Uint8Array {
  checkTag(tag);
  return concatBytes(tag, encodeLength(value.length, options), value);
}

/** A constructed TLV around already-encoded children. */
export function constructed(
  tag: Uint8Array,
  children: readonly Uint8Array[],
  options: TlvOptions = {},
): Uint8Array {
  return tlv(tag, concatBytes(...children), options);
}

function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}
