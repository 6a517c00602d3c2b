/**
 * Finds the examples in the documentation: fenced blocks of READMEs and the
 * "Examples:" part of each `--help`. What counts as an example is the
 * fence's language, so that an example someone adds later is run without
 * anyone listing it:
 *
 * | fence | what it is |
 * |---|---|
 * | `sh`, `bash`, `shell` | command lines, each run |
 * | `ts`, `typescript`, `js`, `javascript` | a program, run as a module (a `js` one that only `require()`s: as CommonJS) |
 * | `js browser` | a program for a web page, run in a browser |
 * | `ts types` | declarations (an interface sketch), not a program |
 * | anything else (`json`, `xml`, none) | data or output, not an example |
 */

export type ExampleKind = 'shell' | 'module' | 'browser';

export interface Example {
  readonly kind: ExampleKind;
  /** Where it is written: `packages/cli/README.md:12`, `openvitale read --help`. */
  readonly source: string;
  /** The fence's language, which decides how a program runs: `cjs` is a `js` one that only `require()`s. */
  readonly language: 'ts' | 'js' | 'cjs' | 'sh';
  readonly code: string;
}

const SHELL = new Set(['sh', 'bash', 'shell']);
const TYPESCRIPT = new Set(['ts', 'typescript']);
const JAVASCRIPT = new Set(['js', 'javascript']);

/** The examples of one markdown file. A fence attribute the table above does not know is an error. */
export function markdownExamples(text: string, file: string): Example[] {
  const examples: Example[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
    const [language = '', attributes = ''] = [open[1]!.toLowerCase(), open[2]!.trim()];
    const kind = kindOf(language, attributes, `${file}:${start + 1}`);
    if (kind === undefined) continue;
    examples.push({
      kind,
      source: `${file}:${start + 1}`,
      language: SHELL.has(language) ? 'sh' : TYPESCRIPT.has(language) ? 'ts' : commonJs(body) ? 'cjs' : 'js',
      code: body.join('\n'),
    });
  }
  return examples;
}

/** JavaScript written for CommonJS: `require()` and no `import`/`export` statement. */
function commonJs(lines: readonly string[]): boolean {
  return (
    lines.some((line) => /\brequire\(/.test(line)) &&
    !lines.some((line) => /^\s*(import|export)\s/.test(line))
  );
}

function kindOf(language: string, attributes: string, where: string): ExampleKind | undefined {
  const code = SHELL.has(language) || TYPESCRIPT.has(language) || JAVASCRIPT.has(language);
  if (!code) return undefined;
  if (attributes === '') return SHELL.has(language) ? 'shell' : 'module';
  if (attributes === 'types' && TYPESCRIPT.has(language)) return undefined;
  if (attributes === 'browser' && JAVASCRIPT.has(language)) return 'browser';
  throw new Error(
    `${where}: unknown fence "${language} ${attributes}" (known: sh, ts, js, ts types, js browser)`,
  );
}

/** The command lines of a `--help` text: the indented lines after "Examples:", up to a blank line. */
export function helpExamples(help: string, source: string): Example[] {
  const lines = help.split('\n');
  const start = lines.findIndex((line) => line.trim() === 'Examples:');
  if (start < 0) return [];
  const commands: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') break;
    // Two spaces or more end the command: what follows describes it.
    commands.push(line.trim().split(/\s{2,}/)[0]!);
  }
  return commands.map((code) => ({ kind: 'shell', source, language: 'sh', code }));
}

/** The commands of a shell block: continuation lines joined, comments dropped. */
export function shellCommands(code: string): string[] {
  const joined = code.replace(/\\\n\s*/g, '');
  return joined
    .split('\n')
    .map((line) => line.replace(/(^|\s)#\s.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
