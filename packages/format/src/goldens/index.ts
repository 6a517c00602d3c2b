/**
 * Golden files for any card model: write them, or check them byte for byte,
 * and validate them against the shipped schemas. For tests (this is the only
 * part of the package that does I/O). `@openvitale/format/goldens`.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Card } from '@openvitale/decoder';
import { FormatError } from '../errors.js';
import { toJsonString } from '../json/document.js';
import type { XmlOptions } from '../options.js';
import { officialPaths } from '../xml/official.js';
import { parseXml } from '../xml/parse.js';
import type { XmlElement } from '../xml/tree.js';
import { toXml } from '../xml/write.js';

const run = promisify(execFile);

/** The XSDs of both XML profiles and the JSON Schema shipped in the package (same place from `src/` and `dist/`). */
export const schemaPaths = {
  official: fileURLToPath(new URL('../../schemas/official.xsd', import.meta.url)),
  extended: fileURLToPath(new URL('../../schemas/extended.xsd', import.meta.url)),
  json: fileURLToPath(new URL('../../schemas/card.schema.json', import.meta.url)),
} as const;

/** The golden files of a card: `<name>.xml` (official profile), `<name>.extended.xml`, `<name>.json`. */
export type GoldenFormat = 'official' | 'extended' | 'json';

const SUFFIX: Readonly<Record<GoldenFormat, string>> = {
  official: '.xml',
  extended: '.extended.xml',
  json: '.json',
};

export interface GoldenOptions {
  /** Folder of the goldens, e.g. `fixtures/expected`. */
  readonly dir: string;
  /** Base name of the files. */
  readonly name: string;
  /**
   * Which files. Default all three; leave out `official` for a card the
   * official profile refuses (persons not decoded: `PERSONS_NOT_DECODED`).
   */
  readonly formats?: readonly GoldenFormat[];
  /** Options of every output (the XML-only ones are ignored for JSON; `profile` is set per file). */
  readonly options?: XmlOptions;
  /** Write instead of compare. Default: `process.env.UPDATE_GOLDENS === '1'`. */
  readonly update?: boolean;
}

export interface GoldenFile {
  readonly format: GoldenFormat;
  readonly path: string;
  readonly bytes: Uint8Array;
}

export interface GoldenResult {
  readonly files: readonly GoldenFile[];
  /** True when the files were (re)written. */
  readonly updated: boolean;
}

function mismatch(path: string, detail: string): FormatError {
  return new FormatError('GOLDEN_MISMATCH', detail, path);
}

async function compare(path: string, actual: Uint8Array): Promise<void> {
  let expected: Uint8Array;
  try {
    expected = await readFile(path);
  } catch {
    throw mismatch(path, 'Golden file missing');
  }
  const n = Math.min(expected.length, actual.length);
  let at = 0;
  while (at < n && expected[at] === actual[at]) at++;
  if (at < n || expected.length !== actual.length) {
    throw mismatch(path, `Output differs from the golden file from byte ${at}`);
  }
}

function render(card: Card, format: GoldenFormat, options: XmlOptions | undefined): Uint8Array {
  if (format === 'json') return new TextEncoder().encode(toJsonString(card, options));
  return toXml(card, { ...options, profile: format });
}

/** Renders the card in each format, then writes or checks `<dir>/<name><suffix>` byte for byte. */
export async function checkGoldens(card: Card, options: GoldenOptions): Promise<GoldenResult> {
  const update = options.update ?? process.env.UPDATE_GOLDENS === '1';
  const files = (options.formats ?? ['official', 'extended', 'json']).map(
    (format): GoldenFile => ({
      format,
      path: join(options.dir, `${options.name}${SUFFIX[format]}`),
      bytes: render(card, format, options.options),
    }),
  );
  if (update) await mkdir(options.dir, { recursive: true });
  for (const file of files) {
    if (update) await writeFile(file.path, file.bytes);
    else await compare(file.path, file.bytes);
  }
  return { files, updated: update };
}

/** Validates a golden against its schema: the profile's XSD (xmllint) or the JSON Schema (ajv). */
export async function validateGolden(file: GoldenFile): Promise<void> {
  if (file.format !== 'json') return validateXmlFile(file.path, schemaPaths[file.format]);
  const errors = await validateJson(JSON.parse(new TextDecoder().decode(file.bytes)));
  if (errors.length > 0) {
    const summary = `The file does not validate against ${schemaPaths.json}`;
    throw new FormatError('SCHEMA_INVALID', summary, file.path, errors.join('\n'));
  }
}

/**
 * Validates an XML file against a shipped XSD (the official profile's by
 * default) with `xmllint` (Debian's `libxml2-utils`). Resolves on success;
 * rejects with a `SCHEMA_INVALID` `FormatError` holding xmllint's message.
 */
export async function validateXmlFile(path: string, xsd: string = schemaPaths.official): Promise<void> {
  try {
    await run('xmllint', ['--noout', '--schema', xsd, path]);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new FormatError('SCHEMA_INVALID', `The file does not validate against ${xsd}`, path, stderr.trim());
  }
}

type Validator = ((data: unknown) => boolean) & {
  errors?: readonly { instancePath: string; message?: string }[] | null;
};
let validator: Promise<Validator> | null = null;

async function compileSchema(): Promise<Validator> {
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const schema: unknown = JSON.parse(await readFile(schemaPaths.json, 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  return ajv.compile(schema as object);
}

/** The error list of a JSON document against the shipped JSON Schema (needs the optional peer `ajv`). */
export async function validateJson(document: unknown): Promise<readonly string[]> {
  validator ??= compileSchema();
  const validate = await validator;
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

function elementPaths(tree: XmlElement, parent: string): string[] {
  return Object.entries(tree).flatMap(([name, value]) => {
    const path = parent === '' ? name : `${parent}/${name}`;
    const items = (Array.isArray(value) ? value : [value]) as readonly (XmlElement | string)[];
    return [path, ...items.flatMap((item) => (typeof item === 'string' ? [] : elementPaths(item, path)))];
  });
}

/**
 * The elements of an XML document (bytes or text) that are not in the
 * official list, as paths from the root, each once: `[]` for a document of
 * the official profile.
 */
export function unofficialElements(xml: Uint8Array | string): string[] {
  const official = new Set(officialPaths());
  return [...new Set(elementPaths(parseXml(xml), ''))].filter((path) => !official.has(path));
}
