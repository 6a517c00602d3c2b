import { open } from 'node:fs/promises';
import { quote, raceAbort, throwIfAborted } from '@openvitale/transport';
import { ConfigError } from './config.js';

/** How a text file was encoded, as found from its first bytes. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1';

export interface TextFile {
  /** The text, byte-order mark removed, every line end (CRLF, CR, LF) as `\n`. */
  readonly text: string;
  readonly encoding: TextEncoding;
}

const SAVE_AS = 'save it as UTF-8 or ANSI (Latin-1) text';

/**
 * The text of a file a person wrote or a tool saved: UTF-8 with or without a
 * byte-order mark (Notepad writes one), UTF-16 with one, else Latin-1 (what
 * Windows calls "ANSI" for Western European text). A file
 * with NUL bytes and no mark is binary or UTF-16 without a mark: refused
 * (`FILE_ENCODING`), never read as text full of NULs.
 */
export function decodeTextFile(bytes: Uint8Array, source = 'The file'): TextFile {
  const [a, b, c] = bytes;
  let decoded: TextFile;
  if (a === 0xef && b === 0xbb && c === 0xbf) decoded = strict(bytes.subarray(3), 'utf-8', source);
  else if (a === 0xff && b === 0xfe) decoded = strict(bytes.subarray(2), 'utf-16le', source);
  else if (a === 0xfe && b === 0xff) decoded = strict(bytes.subarray(2), 'utf-16be', source);
  else if (bytes.includes(0)) {
    throw encodingError(`${source} holds NUL bytes: it is binary, or UTF-16 without a byte-order mark`);
  } else {
    decoded = utf8(bytes) ?? { text: Buffer.from(bytes).toString('latin1'), encoding: 'latin1' };
  }
  if (decoded.text.includes('\0')) throw encodingError(`${source} holds NUL characters`);
  return { text: decoded.text.replace(/\r\n?/g, '\n'), encoding: decoded.encoding };
}

function utf8(bytes: Uint8Array): TextFile | undefined {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return undefined;
  }
}

function strict(bytes: Uint8Array, encoding: Exclude<TextEncoding, 'latin1'>, source: string): TextFile {
  try {
    return { text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes), encoding };
  } catch {
    const name = encoding === 'utf-8' ? 'UTF-8' : 'UTF-16';
    throw encodingError(`${source} starts with a ${name} byte-order mark but is not valid ${name}`);
  }
}

function encodingError(what: string): ConfigError {
  return new ConfigError(what, { code: 'FILE_ENCODING', action: SAVE_AS });
}

export interface ReadTextFileOptions {
  /** Beyond this many bytes the file is refused (`FILE_TOO_LARGE`): a device or a wrong file never fills memory. */
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
}

const CHUNK_BYTES = 64 * 1024;

/**
 * Reads a file a user named, at most `maxBytes` of it, and decodes it with
 * `decodeTextFile`. Reads chunk by chunk, so `/dev/zero` or a pipe that
 * never ends stops at the cap, and an abort stops it between chunks.
 * Failures are `ConfigError`s: `FILE_UNREADABLE` (with the system's
 * `reason`), `FILE_TOO_LARGE`, `FILE_ENCODING`; an abort rejects with its reason.
 */
export async function readTextFile(path: string, options: ReadTextFileOptions): Promise<TextFile> {
  const { maxBytes, signal } = options;
  throwIfAborted(signal);
  const chunks: Uint8Array[] = [];
  let size = 0;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await raceAbort(open(path, 'r'), signal);
    for (;;) {
      const buffer = new Uint8Array(Math.min(CHUNK_BYTES, maxBytes + 1 - size));
      const { bytesRead } = await raceAbort(handle.read(buffer, 0, buffer.length, null), signal);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      size += bytesRead;
      if (size > maxBytes) {
        throw new ConfigError(`${quote(path)}: larger than ${maxBytes} bytes`, { code: 'FILE_TOO_LARGE' });
      }
    }
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code;
    if (ConfigError.isInstance(error) || typeof reason !== 'string' || !/^E[A-Z]+$/.test(reason)) throw error;
    throw new ConfigError(`${quote(path)}: cannot be read`, { code: 'FILE_UNREADABLE', reason });
  } finally {
    await handle?.close().catch(() => {});
  }
  return decodeTextFile(Buffer.concat(chunks), quote(path));
}
