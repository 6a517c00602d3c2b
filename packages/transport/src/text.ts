// C0 and C1 controls, DEL, the line and paragraph separators, and the bidirectional
// overrides (which reorder what a terminal shows): none may reach a console or a log raw.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its job
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Characters of an echoed value kept by `quote` before it is cut. */
export const ECHO_MAX_CHARS = 120;

/**
 * A string that came from outside (a reader name, an option's value, a
 * field of a request) made safe to print on one line: control characters
 * are escaped (`\n`, `\x1b`, `\u{202e}`), so it can neither forge a line
 * nor move the cursor; past `maxChars` it is cut, saying how much was left.
 */
export function printable(text: string, maxChars = Number.POSITIVE_INFINITY): string {
  const cut = text.length > maxChars ? text.slice(0, maxChars) : text;
  const escaped = cut.replace(
    UNSAFE,
    (c) => NAMED[c] ?? (c.charCodeAt(0) <= 0xff ? `\\x${hex(c, 2)}` : `\\u{${hex(c, 4)}}`),
  );
  return cut === text ? escaped : `${escaped}… (${text.length - maxChars} more characters)`;
}

/** `"value"`, printable and at most `maxChars` long: how a message echoes what it was given. */
export function quote(text: string, maxChars = ECHO_MAX_CHARS): string {
  return `"${printable(text, maxChars)}"`;
}

function hex(c: string, width: number): string {
  return c.charCodeAt(0).toString(16).padStart(width, '0');
}
