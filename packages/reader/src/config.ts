import { quote } from '@openvitale/transport';

/**
 * The reader's configuration, readable from an `api_lec.ini`-compatible
 * file so that sites migrating from the closed API keep theirs.
 *
 * | key | origin | value |
 * |---|---|---|
 * | `Ressource_Vitale` | official [M] | the reader holding the Vitale card: exact PC/SC name, a unique part of it, or `auto`; in GALSS mode a resource's LAD name or alias (exact, or a unique part) |
 * | `Ressource_CPS` | official [M] | the reader holding the professional's card (reported, never used to authenticate) |
 * | `Mode` | ours (the official key is not public) | `PCSC` or `GALSS` |
 * | `CentreCarte0000` | ours (the 6.31 setting; its key is not public) | `1` forces `centreCarte` to `0000` for régime général persons |
 * | `NiveauTrace` | ours | `0` none, `1` errors, `2` every APDU (NIR and names masked) |
 * | `BibliothequeGALSS` | ours | path of the GALSS client library |
 * | `DelaiLectureMs` | ours | the read's deadline in milliseconds (default 10 000) |
 * | `OpenVitale*` | ours | read by the drop-in C library (`packages/apilec`), which starts the CLI with this file; accepted and unused here |
 *
 * An unknown key, a bad value, or a line that is not `key=value` is a
 * `ConfigError` naming the line: a setting is never silently ignored.
 */

import { OpenVitaleError } from '@openvitale/errors';

export interface ReaderConfig {
  readonly vitaleReader: string;
  readonly cpsReader: string | undefined;
  readonly mode: 'pcsc' | 'galss';
  readonly centreCarte0000: boolean;
  readonly traceLevel: 0 | 1 | 2;
  readonly galssLibrary: string | undefined;
  readonly readTimeoutMs: number;
}

export const DEFAULT_CONFIG: ReaderConfig = {
  vitaleReader: 'auto',
  cpsReader: undefined,
  mode: 'pcsc',
  centreCarte0000: false,
  traceLevel: 0,
  galssLibrary: undefined,
  readTimeoutMs: 10_000,
};

/** The most an `api_lec.ini` may weigh (a real one is a few hundred bytes). */
export const CONFIG_MAX_BYTES = 1 << 20;

const CONFIG_ERROR = Symbol.for('@openvitale/reader.ConfigError');

/**
 * `CONFIG`: a setting is wrong (`line`, `key` say where), or an options
 * object has an unknown option. `FILE_UNREADABLE`, `FILE_TOO_LARGE`,
 * `FILE_ENCODING`: a file a user named cannot be read as text.
 */
export type ConfigErrorCode = 'CONFIG' | 'FILE_UNREADABLE' | 'FILE_TOO_LARGE' | 'FILE_ENCODING';

/** What to do, by code, when the thrower does not say. */
const CONFIG_ACTIONS: Readonly<Record<Exclude<ConfigErrorCode, 'CONFIG'>, string>> = {
  FILE_UNREADABLE: 'check the path, and that the file can be read',
  FILE_TOO_LARGE: 'check that it is the right file',
  FILE_ENCODING: 'save it as UTF-8 or ANSI (Latin-1) text',
};

export class ConfigError extends OpenVitaleError {
  readonly [CONFIG_ERROR] = true;
  override readonly name = 'ConfigError';
  declare readonly code: ConfigErrorCode;
  readonly line: number | undefined;
  readonly key: string | undefined;
  /** `FILE_UNREADABLE`: the system's code (`ENOENT`, `EACCES`, `EISDIR`…). */
  readonly reason: string | undefined;

  constructor(
    message: string,
    options: { line?: number; key?: string; code?: ConfigErrorCode; reason?: string; action?: string } = {},
  ) {
    const code = options.code ?? 'CONFIG';
    const byCode =
      code !== 'CONFIG'
        ? CONFIG_ACTIONS[code]
        : options.line === undefined
          ? 'use one of the allowed options'
          : 'fix that line of the file';
    super(code, message, { action: options.action ?? byCode, detail: options.reason });
    this.line = options.line;
    this.key = options.key;
    this.reason = options.reason;
  }

  static override isInstance(value: unknown): value is ConfigError {
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[CONFIG_ERROR] === true
    );
  }
}

type Setter = (config: Mutable<ReaderConfig>, value: string, fail: (why: string) => never) => void;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The drop-in C library's keys (`packages/apilec`, its README): how it finds
 * and starts the CLI, and its journal. It checks their values itself.
 */
const DROP_IN_KEYS = [
  'OpenVitaleCommande',
  'OpenVitaleScript',
  'OpenVitaleTransport',
  'OpenVitaleProfilDemo',
  'OpenVitaleIncidentDemo',
  'OpenVitaleJournal',
  'OpenVitaleDelaiDemarrageMs',
] as const;

const KEYS: Readonly<Record<string, Setter>> = {
  Ressource_Vitale: (c, v, fail) => {
    if (v === '') fail('needs a reader name, a part of one, or auto');
    c.vitaleReader = v;
  },
  Ressource_CPS: (c, v) => {
    c.cpsReader = v === '' ? undefined : v;
  },
  Mode: (c, v, fail) => {
    const mode = v.toLowerCase();
    if (mode !== 'pcsc' && mode !== 'galss') return fail('must be PCSC or GALSS');
    c.mode = mode;
  },
  CentreCarte0000: (c, v, fail) => {
    if (v !== '0' && v !== '1') fail('must be 0 or 1');
    c.centreCarte0000 = v === '1';
  },
  NiveauTrace: (c, v, fail) => {
    if (v !== '0' && v !== '1' && v !== '2') fail('must be 0, 1 or 2');
    c.traceLevel = Number(v) as 0 | 1 | 2;
  },
  BibliothequeGALSS: (c, v) => {
    c.galssLibrary = v === '' ? undefined : v;
  },
  DelaiLectureMs: (c, v, fail) => {
    const ms = Number(v);
    if (!/^\d+$/.test(v) || ms < 100 || ms > 600_000)
      fail('must be a whole number of milliseconds, 100 to 600000');
    c.readTimeoutMs = ms;
  },
  ...Object.fromEntries(DROP_IN_KEYS.map((key): [string, Setter] => [key, () => {}])),
};

// Keys are matched without regard to case, as Windows INI readers do.
const BY_LOWER_CASE = new Map(Object.entries(KEYS).map(([name, setter]) => [name.toLowerCase(), setter]));

/**
 * Parses an `api_lec.ini`-style file (CRLF, LF or CR line ends, `;`/`#`
 * comments, sections allowed). For the file's bytes, see `readTextFile`.
 */
export function parseConfig(text: string, source = 'api_lec.ini'): ReaderConfig {
  const config: Mutable<ReaderConfig> = { ...DEFAULT_CONFIG };
  const seen = new Set<string>();
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .forEach((rawLine, index) => {
      const line = index + 1;
      const content = rawLine.trim();
      if (content === '' || content.startsWith(';') || content.startsWith('#') || /^\[.*\]$/.test(content))
        return;
      const eq = content.indexOf('=');
      if (eq <= 0)
        throw new ConfigError(`${source}:${line}: expected key=value, got ${quote(content)}`, { line });
      const key = content.slice(0, eq).trim();
      const value = content.slice(eq + 1).trim();
      const setter = BY_LOWER_CASE.get(key.toLowerCase());
      const fail = (why: string): never => {
        throw new ConfigError(`${source}:${line}: ${key} ${why} (got ${quote(value)})`, { line, key });
      };
      if (!setter) {
        throw new ConfigError(
          `${source}:${line}: unknown key ${quote(key)} (known: ${Object.keys(KEYS).join(', ')})`,
          { line, key },
        );
      }
      if (seen.has(key.toLowerCase()))
        throw new ConfigError(`${source}:${line}: ${key} is set twice`, { line, key });
      seen.add(key.toLowerCase());
      setter(config, value, fail);
    });
  return config;
}

/**
 * Checks an options object against the names a function accepts: an
 * unknown option (a typo, an option of another version) is an error that
 * names it, never silently ignored.
 */
export function checkOptions(options: object, allowed: readonly string[], where: string): void {
  for (const name of Object.keys(options)) {
    if (!allowed.includes(name)) {
      throw new ConfigError(`${where}: unknown option "${name}" (allowed: ${allowed.join(', ')})`, {
        key: name,
      });
    }
  }
}
