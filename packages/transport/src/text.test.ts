import { describe, expect, it } from 'vitest';
import { ECHO_MAX_CHARS, printable, quote } from './text.js';

describe('printable', () => {
  it.each([
    ['Reader\nopenvitale: error: forged', 'Reader\\nopenvitale: error: forged'],
    ['\u001b[2J\u001b[31mred', '\\x1b[2J\\x1b[31mred'],
    ['a\r\tb\u0000\u007f\u0085', 'a\\r\\tb\\x00\\x7f\\x85'],
    ['abc\u202edcba', 'abc\\u{202e}dcba'],
    ['line\u2028two', 'line\\u{2028}two'],
    ['Gemalto PC Twin Reader 00 00', 'Gemalto PC Twin Reader 00 00'],
    ['CAFÉ Zoë ß', 'CAFÉ Zoë ß'],
  ])('%j → %j', (input, output) => expect(printable(input)).toBe(output));

  it('cuts a long value and says how much is left', () => {
    const long = 'x'.repeat(100_000);
    const shown = quote(long);
    expect(shown).toBe(`"${'x'.repeat(ECHO_MAX_CHARS)}… (${100_000 - ECHO_MAX_CHARS} more characters)"`);
    expect(printable('abcdef', 3)).toBe('abc… (3 more characters)');
    expect(quote('short')).toBe('"short"');
  });
});
