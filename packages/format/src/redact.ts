/**
 * Masking for logs and support files. Masks keep the length and the
 * separators (space, hyphen, apostrophe) so a support reader still sees the
 * shape of the value, never its letters or digits.
 */
export const MASK = 'X';

export function maskText(text: string): string {
  return text.replace(/[^ \-']/g, MASK);
}
