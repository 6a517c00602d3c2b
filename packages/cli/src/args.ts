import { type ParseArgsConfig, parseArgs } from 'node:util';
import { printable, quote } from '@openvitale/transport';
import { usage } from './errors.js';

/** The options every command that talks to a reader shares. */
export const READER_OPTIONS = {
  transport: { type: 'string' },
  reader: { type: 'string' },
  config: { type: 'string' },
  'demo-profile': { type: 'string' },
  'demo-fault': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The options of the commands that wait for a card (read, trace). */
export const WAIT_OPTIONS = {
  wait: { type: 'string' },
  'wait-for-reader': { type: 'boolean' },
} as const;

/** The options that shape printed card data. */
export const OUTPUT_OPTIONS = {
  identification: { type: 'boolean' },
  full: { type: 'boolean' },
  format: { type: 'string' },
  'xml-profile': { type: 'string' },
  pretty: { type: 'boolean' },
  encoding: { type: 'string' },
  'centre-carte-0000': { type: 'boolean' },
  'nir-spaced': { type: 'boolean' },
  redact: { type: 'boolean' },
  out: { type: 'string', short: 'o' },
  json: { type: 'boolean' },
} as const;

type Spec = NonNullable<ParseArgsConfig['options']>;
export type Parsed<S extends Spec> = ReturnType<
  typeof parseArgs<{ options: S; allowPositionals: true; strict: true }>
>;

/**
 * `util.parseArgs`, strict, with its errors turned into one usage sentence
 * that points at the command's help.
 */
export function parse<const S extends Spec>(
  command: string,
  argv: readonly string[],
  options: S,
  positionals = 0,
): Parsed<S> {
  let parsed: Parsed<S>;
  try {
    parsed = parseArgs({ args: withNegatives(argv, options), options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usage(argumentError(error), command);
  }
  if (parsed.positionals.length > positionals && (parsed.values as { help?: unknown }).help !== true) {
    throw usage(`unexpected argument ${quote(parsed.positionals[positionals]!)}`, command);
  }
  return parsed;
}

/**
 * `--wait -1` as `--wait=-1`: a negative number is the option's value (which
 * its own check then refuses in one sentence), not an option of its own.
 */
function withNegatives(argv: readonly string[], options: Spec): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = /^--([\w-]+)$/.exec(argv[i]!)?.[1];
    const next = argv[i + 1];
    if (name && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${argv[i]}=${next}`);
      i++;
    } else out.push(argv[i]!);
  }
  return out;
}

/** `util.parseArgs`'s error as one sentence (its own runs over three lines and echoes the input raw). */
function argumentError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec(message);
  if (ambiguous) return `${ambiguous[1]} needs a value: write it as ${ambiguous[1]}=VALUE`;
  return printable(message.replace(/\. To specify.*$/s, ''), 200);
}

/** One of a fixed set of words, or a usage error naming them. */
export function oneOf<const T extends string>(
  command: string,
  option: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw usage(`--${option} must be ${allowed.join(', ')}; got ${quote(value)}`, command);
}

/** `--json`, the synonym of `--format json` (as in gh and npm): the format, or a usage error if another is named. */
export function jsonFlag<const T extends string>(
  command: string,
  values: { readonly json?: boolean | undefined },
  format: T | undefined,
): T | 'json' | undefined {
  if (values.json !== true) return format;
  if (format !== undefined && format !== 'json') {
    throw usage(`--json and --format ${format} exclude each other`, command);
  }
  return 'json';
}

/**
 * Seconds as milliseconds, bounded to a sane range: plain decimal notation
 * only (`Number()` alone would also take `0x10`, `1e3` and `" 5"`).
 */
export function seconds(command: string, option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n > 31 * 24 * 3600) {
    throw usage(`--${option} takes seconds, 0 to 2678400; got ${quote(value)}`, command);
  }
  return Math.round(n * 1000);
}

/** A TCP port, 1 to 65535, or a usage error. */
export function port(command: string, option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d{1,5}$/.test(value) || n < 1 || n > 65_535) {
    throw usage(`--${option} takes a port number, 1 to 65535; got ${quote(value)}`, command);
  }
  return n;
}
