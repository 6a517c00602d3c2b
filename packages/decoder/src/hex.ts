import { OpenVitaleError } from '@openvitale/errors';

/**
 * Hex is for fixtures, tests and output only: every model field holds bytes as
 * `Uint8Array`. Kept here rather than imported so that the decoder depends on
 * no transport package.
 */

/** Parses hex, ignoring spaces, colons and line breaks. Anything else is an `INVALID_HEX` error. */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) {
    throw new OpenVitaleError('INVALID_HEX', `Not an even-length hex string: "${text}"`, {
      action: 'give pairs of hex digits, spaces and colons allowed (e.g. "3B 75 13")',
    });
  }
  const bytes = new Uint8Array(clean.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Upper-case hex, bytes joined by `separator` (none by default). */
export function toHex(bytes: Uint8Array, separator = ''): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(separator);
}
