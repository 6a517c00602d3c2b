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
import { toXml } from '../xml/write.js';

const run = promisify(execFile);

/** The XSD and the JSON Schema shipped in the package (same place from `src/` and `dist/`). */
export const schemaPaths = {
  xsd: fileURLToPath(new URL('../../schemas/openvitale.xsd', import.meta.url)),
  json: fileURLToPath(new URL('../../schemas/card.schema.json', import.meta.url)),
} as const;

export interface GoldenOptions {
  /** Folder of the goldens, e.g. `fixtures/expected`. */
  readonly dir: string;
  /** Base name: writes `<name>.xml` and `<name>.json`. */
  readonly name: string;
  /** Options of both outputs (the XML-only ones are ignored for JSON). */
  readonly options?: XmlOptions;
  /** Write instead of compare. Default: `process.env.UPDATE_GOLDENS === '1'`. */
  readonly update?: boolean;
}

export interface GoldenResult {
  readonly xmlPath: string;
  readonly jsonPath: string;
  readonly xml: Uint8Array;
  readonly json: string;
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

/** Renders the card as XML and JSON, then writes or checks `<dir>/<name>.xml|json`. */
export async function checkGoldens(card: Card, options: GoldenOptions): Promise<GoldenResult> {
  const xml = toXml(card, options.options);
  const json = toJsonString(card, options.options);
  const xmlPath = join(options.dir, `${options.name}.xml`);
  const jsonPath = join(options.dir, `${options.name}.json`);
  const update = options.update ?? process.env.UPDATE_GOLDENS === '1';
  if (update) {
    await mkdir(options.dir, { recursive: true });
    await writeFile(xmlPath, xml);
    await writeFile(jsonPath, json);
  } else {
    await compare(xmlPath, xml);
    await compare(jsonPath, new TextEncoder().encode(json));
  }
  return { xmlPath, jsonPath, xml, json, updated: update };
}

/**
 * Validates an XML file against the shipped XSD with `xmllint` (Debian's
 * `libxml2-utils`). Resolves on success; rejects with a `SCHEMA_INVALID`
 * `FormatError` holding xmllint's message.
 */
export async function validateXmlFile(path: string, xsd: string = schemaPaths.xsd): Promise<void> {
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
