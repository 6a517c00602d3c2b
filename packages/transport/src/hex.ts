import { OpenVitaleError } from '@openvitale/errors';

/** Hex is for traces, fixtures and output only; every API takes and returns `Uint8Array`. */

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

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
