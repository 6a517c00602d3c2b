import { writeFile } from 'node:fs/promises';
import type { Card } from '@openvitale/decoder';
import {
  FormatError,
  toJson,
  toJsonString,
  toText,
  toXml,
  XML_PROFILES,
  type XmlProfile,
} from '@openvitale/format';
import { ReadError } from '@openvitale/reader';
import { quote } from '@openvitale/transport';
import { jsonFlag, oneOf } from './args.js';
import { CliError } from './errors.js';
import type { Io } from './terminal.js';

export const FORMATS = ['text', 'json', 'xml'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export interface OutputOptions {
  readonly format: OutputFormat;
  readonly xmlProfile: XmlProfile;
  readonly pretty: boolean;
  readonly encoding: 'latin1' | 'utf8';
  readonly identificationOnly: boolean;
  readonly centreCarte0000: boolean;
  readonly nirSpaced: boolean;
  readonly redact: boolean;
  readonly out: string | undefined;
}

export interface OutputValues {
  readonly identification?: boolean | undefined;
  readonly full?: boolean | undefined;
  readonly format?: string | undefined;
  readonly 'xml-profile'?: string | undefined;
  readonly pretty?: boolean | undefined;
  readonly encoding?: string | undefined;
  readonly 'centre-carte-0000'?: boolean | undefined;
  readonly 'nir-spaced'?: boolean | undefined;
  readonly redact?: boolean | undefined;
  readonly out?: string | undefined;
  readonly json?: boolean | undefined;
}

/**
 * The output options of a command. The format defaults to text on a
 * terminal and JSON when stdout is piped or redirected (a script gets data
 * it can parse); with `--out`, the file's extension decides (`.xml`,
 * `.json`, `.txt`), else JSON.
 */
export function outputOptions(
  command: string,
  values: OutputValues,
  io: Io,
  config: { readonly centreCarte0000: boolean },
): OutputOptions {
  const explicit = jsonFlag(command, values, oneOf(command, 'format', values.format, FORMATS));
  const encoding = oneOf(command, 'encoding', values.encoding, ['latin1', 'utf8'] as const);
  if (values.identification && values.full) {
    throw new CliError('USAGE', '--identification and --full exclude each other', { action: 'choose one' });
  }
  const xmlProfile = oneOf(command, 'xml-profile', values['xml-profile'], XML_PROFILES);
  const format = explicit ?? defaultFormat(values.out, io);
  for (const [option, given] of [
    ['--encoding', encoding !== undefined],
    ['--xml-profile', xmlProfile !== undefined],
    ['--pretty', values.pretty === true],
  ] as const) {
    if (given && format !== 'xml') {
      throw new CliError('USAGE', `${option} applies to XML only`, {
        action: `add --format xml or drop ${option}`,
      });
    }
  }
  return {
    format,
    xmlProfile: xmlProfile ?? 'official',
    pretty: values.pretty === true,
    encoding: encoding ?? 'latin1',
    identificationOnly: values.full !== true,
    centreCarte0000: values['centre-carte-0000'] === true || config.centreCarte0000,
    nirSpaced: values['nir-spaced'] === true,
    redact: values.redact === true,
    out: values.out,
  };
}

function defaultFormat(out: string | undefined, io: Io): OutputFormat {
  if (out !== undefined) {
    const ext = /\.([a-z]+)$/i.exec(out)?.[1]?.toLowerCase();
    return ext === 'xml' ? 'xml' : ext === 'txt' ? 'text' : 'json';
  }
  return io.stdout.isTTY === true ? 'text' : 'json';
}

/** The card as the bytes or text to print, through the one formatter of the repository. */
export function renderCard(card: Card, options: OutputOptions): string | Uint8Array {
  const document = documentOptions(options);
  switch (options.format) {
    case 'text':
      return toText(card, document);
    case 'json':
      return toJsonString(card, document);
    case 'xml': {
      const encoding = options.encoding === 'utf8' ? 'UTF-8' : 'ISO-8859-1';
      try {
        return toXml(card, {
          ...document,
          encoding,
          profile: options.xmlProfile,
          pretty: options.pretty,
        });
      } catch (error) {
        // A Vitale 1's dump, which the official profile has no element for: the read's
        // LAYOUT_NOT_PUBLIC (as `readErrorFrom` makes it), with the flags that print it.
        if (!FormatError.isInstance(error) || error.code !== 'PERSONS_NOT_DECODED') throw error;
        throw new ReadError('LAYOUT_NOT_PUBLIC', 'decode', error.summary, {
          action: 'add --xml-profile extended, or use --format json',
          cause: error,
        });
      }
    }
  }
}

/** The JSON form of a card as an object, for NDJSON events. */
export function cardDocument(card: Card, options: OutputOptions): unknown {
  return toJson(card, documentOptions(options));
}

function documentOptions(options: OutputOptions) {
  return {
    centreCarte0000: options.centreCarte0000,
    nirFormat: options.nirSpaced ? 'spaced' : 'compact',
    identificationOnly: options.identificationOnly,
    redact: options.redact,
  } as const;
}

/** Prints to stdout, or writes `--out` (data only: messages go to stderr). */
export async function emit(io: Io, data: string | Uint8Array, out: string | undefined): Promise<void> {
  if (out === undefined) {
    await writeStdout(io, data);
    return;
  }
  try {
    await writeFile(out, data);
  } catch (error) {
    throw new CliError('OUTPUT', `Cannot write ${quote(out)}`, {
      action: 'check the --out path and its folder',
      detail: errorCode(error),
    });
  }
}

/**
 * Writes to stdout, waiting for it to take the data. A failure (a full disk
 * behind a redirection, a closed pipe) is an `OUTPUT` error, never a crash:
 * stdout to a file writes synchronously and throws from `write` itself.
 */
export async function writeStdout(io: Io, data: string | Uint8Array): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) =>
      io.stdout.write(data, (error) => (error ? reject(error) : resolve())),
    );
  } catch (error) {
    throw new CliError(
      'OUTPUT',
      `Cannot write to standard output (${errorCode(error)}): check where it goes (a full disk, a closed pipe), or use --out`,
      { cause: error },
    );
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}
