import { readdirSync, readFileSync } from 'node:fs';
import { decodeCard, fromHex, MF_VITALE_AID, type RawCardRead, VITALE_AID } from '@openvitale/decoder';
import { describe, expect, test } from 'vitest';
import {
  officialPaths,
  toJson,
  toJsonString,
  toText,
  toXml,
  toXmlString,
  type XmlOptions,
} from '../src/index.js';
import { LIST_ITEMS } from '../src/xml/tree.js';
import { PROFILES } from './models.js';
import { memberPaths } from './paths.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const GOLDENS = new URL('../../../fixtures/expected/format/', import.meta.url);

/** `<!-- example: <model> <output> <options> -->` then a fenced block: what the README shows. */
const EXAMPLES = [
  ...README.matchAll(
    /<!-- example: (\S+) (official|extended|json|text) (\{.*?\}) -->\n```\w*\n([\s\S]*?)\n```/g,
  ),
].map(([, model, output, options, shown]) => ({
  model: model!,
  output: output!,
  options: options!,
  shown: shown!,
}));

function render(model: string, output: string, options: XmlOptions): string {
  const card = PROFILES[model]!();
  if (output === 'json') return toJsonString(card, options);
  if (output === 'text') return toText(card, options);
  return toXmlString(card, { ...options, profile: output as 'official' | 'extended' });
}

describe('README examples are what the code gives', () => {
  test('there are examples of every output', () => {
    expect(new Set(EXAMPLES.map((e) => e.output))).toEqual(new Set(['official', 'extended', 'json', 'text']));
  });

  test.each(EXAMPLES)('$model $output $options', ({ model, output, options, shown }) => {
    expect(render(model, output, JSON.parse(options) as XmlOptions).replace(/\n$/, '')).toBe(shown);
  });

  test('the usage example runs', () => {
    const code = /<!-- example: usage -->\n```ts\n([\s\S]*?)\n```/.exec(README)?.[1] ?? '';
    const body = code.replace(/^import .*$/gm, '');
    const printed: string[] = [];
    // The raw read the example writes out, seen on its way to the decoder.
    const decoded: RawCardRead[] = [];
    const decode = (raw: RawCardRead) => {
      decoded.push(raw);
      return decodeCard(raw);
    };
    const names = [
      'decodeCard',
      'fromHex',
      'MF_VITALE_AID',
      'VITALE_AID',
      'toJson',
      'toText',
      'toXml',
      'console',
    ];
    const run = new Function(...names, body);
    run(decode, fromHex, MF_VITALE_AID, VITALE_AID, toJson, toText, toXml, {
      log: (text: string) => printed.push(text),
    });
    expect(decoded).toHaveLength(1);
    expect(printed).toEqual([toText(decodeCard(decoded[0]!).value)]);
  });
});

/** The member table: `| \`path\` | yes|ours | type | absent | source |`, then one table per type. */
interface Row {
  readonly path: string;
  readonly official: string;
  readonly type: string;
}

function rows(table: string): Row[] {
  // A cell may hold escaped pipes (`a` \| `b`).
  const cell = '((?:\\\\\\||[^|])+)';
  const row = new RegExp(`^\\| \`([^\`]+)\` \\| ${cell} \\| ${cell} \\|`, 'gm');
  return [...table.matchAll(row)].map(([, path, official, type]) => ({
    path: path!,
    official: official!.trim(),
    type: type!.trim(),
  }));
}

const section = (start: string, end: string) => README.slice(README.indexOf(start), README.indexOf(end));
const MAIN = rows(section('## Element and member table', '### *Date*'));
const TYPES = new Map(
  [...section('### *Date*', '## JSON').matchAll(/### \*(\w+)\*\n([\s\S]*?)(?=\n### |$)/g)].map(
    ([, name, table]) => [name!, rows(table!)],
  ),
);

/** The named type of a row (`*Periode* array` → `Periode[]`), if any. */
function namedType(row: Row): string | null {
  const match = /^\*(\w+)\*( array)?/.exec(row.type);
  return match === null ? null : `${match[1]}${match[2] ? '[]' : ''}`;
}

/** Every member path the table describes, with the Official column that goes with it. */
const DESCRIBED = new Map<string, string>(
  MAIN.flatMap((row): [string, string][] => {
    const type = namedType(row);
    const members = type === null ? [] : (TYPES.get(type.replace('[]', '')) ?? []);
    const prefix = type?.endsWith('[]') ? `${row.path}[]` : row.path;
    return [
      [row.path, row.official],
      ...members.map((m): [string, string] => [`${prefix}.${m.path}`, m.official]),
    ];
  }),
);

const IN_GOLDENS = new Set(
  readdirSync(GOLDENS)
    .filter((file) => file.endsWith('.json'))
    .flatMap((file) => memberPaths(JSON.parse(readFileSync(new URL(file, GOLDENS), 'utf8')))),
);

/** The element path of a member path: list items inside their container, from the root. */
function elementPath(path: string): string {
  const segments = path
    .split('.')
    .map((s) => (s.endsWith('[]') ? `${s.slice(0, -2)}/${LIST_ITEMS[s.slice(0, -2)]}` : s));
  return ['T_AsnDonneesVitale', ...segments].join('/');
}

describe('the README member table', () => {
  test('describes every member of every JSON golden', () => {
    expect([...IN_GOLDENS].filter((path) => !DESCRIBED.has(path))).toEqual([]);
  });

  test('describes nothing the goldens never hold', () => {
    expect([...DESCRIBED.keys()].filter((path) => !IN_GOLDENS.has(path))).toEqual([]);
  });

  test('says "yes" exactly for the official elements of the list', () => {
    const official = new Set(officialPaths());
    const wrong = [...DESCRIBED].filter(([path, column]) => {
      if (column !== 'yes' && column !== 'ours') return false;
      return (column === 'yes') !== official.has(elementPath(path));
    });
    expect(wrong).toEqual([]);
  });
});
