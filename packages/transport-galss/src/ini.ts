/**
 * A site's galss.ini (docs/domain/official-api.md §2.4 [H]): CRLF, `[CONFIG] NbCanaux`,
 * `[PROTOCOLEn]`, `[CANALn]`, `[CANALn.PADm]`, `[CANALn.PADm.LADk]`.
 * Section and key names are matched without regard to case; values keep theirs.
 */

import { OpenVitaleError } from '@openvitale/transport';

export interface GalssProtocol {
  readonly index: number;
  /** `NomLib=`, e.g. `PSSINW32.DLL`, `PCSCW64.DLL`. */
  readonly library: string | undefined;
  readonly config: string | undefined;
  readonly initDelay: string | undefined;
  readonly line: number;
}

export interface GalssLadEntry {
  readonly index: number;
  readonly lad: number;
  /** `NomLAD=`: the resource name applications open. */
  readonly name: string;
  readonly aliases: readonly string[];
  readonly line: number;
}

export interface GalssPadEntry {
  readonly index: number;
  /** `PAD=`: 2 for a serial terminal, 0 for PC/SC. */
  readonly pad: number;
  readonly lads: readonly GalssLadEntry[];
  readonly line: number;
}

export interface GalssChannel {
  readonly index: number;
  /** `TCanal=`: 1 serial PSS terminal, 3 PC/SC. */
  readonly type: number;
  /** `Index=`: the COM port or the channel index. */
  readonly portIndex: number | undefined;
  readonly connectionType: number | undefined;
  readonly protocol: number | undefined;
  /** `Caracteristiques=`: `9600,1,8,0,0` on a serial line, the exact PC/SC reader name on PC/SC. */
  readonly characteristics: string;
  readonly pads: readonly GalssPadEntry[];
  readonly line: number;
}

export interface GalssIni {
  readonly channels: readonly GalssChannel[];
  readonly protocols: readonly GalssProtocol[];
  /** Every section as read, keys upper-cased, for what this model does not name. */
  readonly sections: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

export const CHANNEL_TYPE = { serial: 1, pcsc: 3 } as const;

const GALSS_INI_ERROR = Symbol.for('@openvitale/transport-galss.GalssIniError');

/** A galss.ini that cannot be read; `line` is 1-based. */
export class GalssIniError extends OpenVitaleError {
  readonly [GALSS_INI_ERROR] = true;
  override readonly name = 'GalssIniError';
  declare readonly code: 'GALSS_INI';
  readonly line: number;

  constructor(line: number, message: string) {
    super('GALSS_INI', `galss.ini line ${line}: ${message}`, {
      action: "fix that line, or give the site's galss.ini as the GALSS installation wrote it",
    });
    this.line = line;
  }

  static override isInstance(value: unknown): value is GalssIniError {
    return typeof value === 'object' && value !== null && GALSS_INI_ERROR in value;
  }
}

interface Section {
  readonly name: string;
  readonly line: number;
  readonly keys: Map<string, { value: string; line: number }>;
}

function readSections(text: string): Map<string, Section> {
  const sections = new Map<string, Section>();
  let current: Section | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const content = raw.trim();
    if (content === '' || content.startsWith(';') || content.startsWith('#')) return;
    if (content.startsWith('[')) {
      const match = /^\[([^\]]+)\]$/.exec(content);
      if (!match) throw new GalssIniError(line, `malformed section header "${content}"`);
      const name = match[1]!.trim().toUpperCase();
      if (sections.has(name)) throw new GalssIniError(line, `section [${match[1]}] appears twice`);
      current = { name, line, keys: new Map() };
      sections.set(name, current);
      return;
    }
    const eq = content.indexOf('=');
    if (eq <= 0) throw new GalssIniError(line, `expected "key=value", got "${content}"`);
    if (!current) throw new GalssIniError(line, 'a key before any [section]');
    const key = content.slice(0, eq).trim().toUpperCase();
    if (current.keys.has(key))
      throw new GalssIniError(line, `key ${content.slice(0, eq).trim()} appears twice in [${current.name}]`);
    current.keys.set(key, { value: content.slice(eq + 1).trim(), line });
  });
  return sections;
}

class Reader {
  constructor(readonly sections: Map<string, Section>) {}

  section(name: string, neededBy: { line: number; what: string }): Section {
    const found = this.sections.get(name);
    if (!found)
      throw new GalssIniError(neededBy.line, `${neededBy.what} needs a section [${name}], which is missing`);
    return found;
  }

  text(section: Section, key: string): string | undefined {
    return section.keys.get(key)?.value;
  }

  required(section: Section, key: string): { value: string; line: number } {
    const entry = section.keys.get(key);
    if (!entry || entry.value === '')
      throw new GalssIniError(section.line, `[${section.name}] has no ${key} value`);
    return entry;
  }

  number(section: Section, key: string, required: true): number;
  number(section: Section, key: string, required?: false): number | undefined;
  number(section: Section, key: string, required = false): number | undefined {
    const entry = required ? this.required(section, key) : section.keys.get(key);
    if (!entry || entry.value === '') return undefined;
    if (!/^\d+$/.test(entry.value)) {
      throw new GalssIniError(entry.line, `${key} must be a whole number, got "${entry.value}"`);
    }
    return Number(entry.value);
  }
}

/** Parses a galss.ini. Throws `GalssIniError` with the line of the problem. */
export function parseGalssIni(text: string): GalssIni {
  const reader = new Reader(readSections(text));
  const config = reader.sections.get('CONFIG');
  if (!config) throw new GalssIniError(1, 'no [CONFIG] section: is this a galss.ini?');
  const count = reader.number(config, 'NBCANAUX', true);
  const channels: GalssChannel[] = [];
  for (let n = 1; n <= count; n++) {
    const section = reader.section(`CANAL${n}`, { line: config.line, what: `NbCanaux=${count}` });
    channels.push(readChannel(reader, section, n));
  }
  const protocols: GalssProtocol[] = [];
  for (const section of reader.sections.values()) {
    const match = /^PROTOCOLE(\d+)$/.exec(section.name);
    if (!match) continue;
    protocols.push({
      index: Number(match[1]),
      library: reader.text(section, 'NOMLIB'),
      config: reader.text(section, 'CONFIG'),
      initDelay: reader.text(section, 'TEMPOINIT'),
      line: section.line,
    });
  }
  const sections = new Map(
    [...reader.sections].map(([name, s]) => [name, new Map([...s.keys].map(([k, v]) => [k, v.value]))]),
  );
  return { channels, protocols, sections };
}

function readChannel(reader: Reader, section: Section, n: number): GalssChannel {
  const padCount = reader.number(section, 'NBPAD') ?? 1;
  const pads: GalssPadEntry[] = [];
  for (let m = 1; m <= padCount; m++) {
    const pad = reader.section(`CANAL${n}.PAD${m}`, {
      line: section.line,
      what: `[CANAL${n}] NbPAD=${padCount}`,
    });
    const ladCount = reader.number(pad, 'NBLAD', true);
    const lads: GalssLadEntry[] = [];
    for (let k = 1; k <= ladCount; k++) {
      const lad = reader.section(`CANAL${n}.PAD${m}.LAD${k}`, {
        line: pad.line,
        what: `[${pad.name}] NbLAD=${ladCount}`,
      });
      const aliasCount = reader.number(lad, 'NBALIAS') ?? 0;
      const aliases: string[] = [];
      for (let a = 1; a <= aliasCount; a++) aliases.push(reader.required(lad, `NOMALIAS${a}`).value);
      lads.push({
        index: k,
        lad: reader.number(lad, 'LAD', true),
        name: reader.required(lad, 'NOMLAD').value,
        aliases,
        line: lad.line,
      });
    }
    pads.push({ index: m, pad: reader.number(pad, 'PAD') ?? 0, lads, line: pad.line });
  }
  return {
    index: n,
    type: reader.number(section, 'TCANAL', true),
    portIndex: reader.number(section, 'INDEX'),
    connectionType: reader.number(section, 'TCONNEXION'),
    protocol: reader.number(section, 'PROTOCOLE'),
    characteristics: reader.text(section, 'CARACTERISTIQUES') ?? '',
    pads,
    line: section.line,
  };
}
