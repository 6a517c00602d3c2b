import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCard } from './card.js';
import type { Diagnostic } from './diagnostics.js';
import { decodeDirectory } from './directory.js';
import { fromHex } from './hex.js';
import type { FileKind } from './input.js';
import type { Limits } from './options.js';
import { parseTlv } from './tlv.js';
import { encodeTlv } from './tlv-encode.js';

interface MalformedCase {
  readonly name: string;
  readonly target: 'tlv' | 'directory' | FileKind;
  readonly hex: string;
  /** Limits other than the defaults, to exercise them at their bounds. */
  readonly limits?: Partial<Limits>;
  readonly expectedDiagnostics: readonly Pick<Diagnostic, 'code' | 'offset' | 'path'>[];
  readonly why: string;
}

const folder = new URL('../../../fixtures/malformed/', import.meta.url);
const cases: MalformedCase[] = readdirSync(folder)
  .filter((name) => name.endsWith('.json'))
  .flatMap((name) => JSON.parse(readFileSync(new URL(name, folder), 'utf8')) as MalformedCase[]);

function diagnose({ target, hex, limits }: MalformedCase): readonly Diagnostic[] {
  const bytes = fromHex(hex);
  const options = limits === undefined ? {} : { limits };
  if (target === 'tlv') return parseTlv(bytes, options).diagnostics;
  if (target === 'directory') return decodeDirectory(bytes, options).diagnostics;
  return decodeCard(
    {
      atr: new Uint8Array(0),
      generation: 'vitale-2',
      files: [{ kind: target, location: {}, status: 'read', data: bytes }],
    },
    options,
  ).diagnostics;
}

describe('fixtures/malformed', () => {
  it('has cases with unique names', () => {
    expect(cases.length).toBeGreaterThan(10);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(diagnose(c).map(({ code, offset, path }) => ({ code, offset, path }))).toEqual(
      c.expectedDiagnostics,
    );
    const tree = parseTlv(fromHex(c.hex)).value;
    expect(encodeTlv(tree.nodes, tree.tail)).toEqual(fromHex(c.hex));
  });
});
