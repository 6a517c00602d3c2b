import { type ParseArgsConfig, parseArgs } from 'node:util';
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
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\. To specify.*$/s, '') : String(error);
    throw usage(message, command);
  }
  if (parsed.positionals.length > positionals && (parsed.values as { help?: unknown }).help !== true) {
    throw usage(`unexpected argument "${parsed.positionals[positionals]}"`, command);
  }
  return parsed;
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
  throw usage(`--${option} must be ${allowed.join(', ')}; got "${value}"`, command);
}

/** Seconds (decimals allowed) as milliseconds, bounded to a sane range. */
export function seconds(command: string, option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 31 * 24 * 3600) {
    throw usage(`--${option} takes seconds, 0 to 2678400; got "${value}"`, command);
  }
  return Math.round(n * 1000);
}
