import { describe, expect, it } from 'vitest';
import { oneOf, parse, seconds } from './args.js';
import { outputOptions } from './output.js';
import type { Io } from './terminal.js';
import { useColour } from './terminal.js';

const io = (tty: boolean): Io => ({
  stdout: { isTTY: tty } as Io['stdout'],
  stderr: process.stderr,
  env: {},
  signal: new AbortController().signal,
});

describe('arguments', () => {
  it('turns parseArgs errors into a usage error pointing at the help', () => {
    expect(() => parse('read', ['--nope'], {})).toThrow(/Unknown option '--nope'.*openvitale read --help/);
  });

  it('checks words and seconds', () => {
    expect(oneOf('read', 'format', 'xml', ['text', 'xml'] as const)).toBe('xml');
    expect(() => oneOf('read', 'format', 'pdf', ['text', 'xml'] as const)).toThrow(
      /--format must be text, xml/,
    );
    expect(seconds('read', 'wait', '1.5')).toBe(1500);
    expect(seconds('read', 'wait', undefined)).toBeUndefined();
    expect(seconds('read', 'wait', '0')).toBe(0);
    expect(seconds('read', 'wait', '2678400')).toBe(2_678_400_000);
    for (const bad of ['', '-1', 'soon', '1e99', '1e3', '0x10', ' 5', '5 ', '.5', '5.', '2678401'])
      expect(() => seconds('read', 'wait', bad)).toThrow(/seconds/);
  });
});

describe('output options', () => {
  const config = { centreCarte0000: false };
  it('text on a terminal, JSON when piped, the extension with --out', () => {
    expect(outputOptions('read', {}, io(true), config).format).toBe('text');
    expect(outputOptions('read', {}, io(false), config).format).toBe('json');
    expect(outputOptions('read', { out: 'a.XML' }, io(true), config).format).toBe('xml');
    expect(outputOptions('read', { out: 'a.txt' }, io(false), config).format).toBe('text');
    expect(outputOptions('read', { out: 'a' }, io(true), config).format).toBe('json');
    expect(outputOptions('read', { format: 'xml', out: 'a.json' }, io(true), config).format).toBe('xml');
  });

  it('identification by default; the config can force centreCarte 0000', () => {
    expect(outputOptions('read', {}, io(false), config).identificationOnly).toBe(true);
    expect(outputOptions('read', { full: true }, io(false), config).identificationOnly).toBe(false);
    expect(outputOptions('read', {}, io(false), { centreCarte0000: true }).centreCarte0000).toBe(true);
  });
});

describe('colours', () => {
  it('only on a terminal, never with NO_COLOR, forced by FORCE_COLOR', () => {
    expect(useColour({ isTTY: true } as Io['stderr'], {})).toBe(true);
    expect(useColour({ isTTY: false } as Io['stderr'], {})).toBe(false);
    expect(useColour({ isTTY: true } as Io['stderr'], { NO_COLOR: '1' })).toBe(false);
    expect(useColour({ isTTY: true } as Io['stderr'], { TERM: 'dumb' })).toBe(false);
    expect(useColour({ isTTY: false } as Io['stderr'], { FORCE_COLOR: '1' })).toBe(true);
    expect(useColour({ isTTY: true } as Io['stderr'], { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false);
  });
});
