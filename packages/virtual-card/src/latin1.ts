import { ProfileError } from './profile-error.js';

/** The first character outside ISO-8859-1, if any (for validation messages). */
export function firstNonLatin1(text: string): string | undefined {
  for (const char of text) if (char.codePointAt(0)! > 0xff) return char;
  return undefined;
}

/** Card text is ISO-8859-1: one byte per character, U+0000 to U+00FF only. */
export function latin1Bytes(text: string): Uint8Array {
  const bad = firstNonLatin1(text);
  if (bad !== undefined) {
    throw new ProfileError('', `character "${bad}" is not in ISO-8859-1`);
  }
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}
