import { readFile } from 'node:fs/promises';

/** What the mock does wrong on purpose, per resource (`MockFault=` in its LAD section, or `setFault`). */
export type MockFault =
  /** The next card command answers CR 16 with a fresh counter (as after a swap), then all is well. */
  | 'counter-mismatch-once'
  /** Every card command answers CR 16 with a fresh counter. */
  | 'counter-mismatch'
  /** Power on and card commands answer CR 11 (mute card). */
  | 'mute'
  /** `Echange` gets no answer at all: the client library gives up after its `maxSeconds`. */
  | 'no-answer'
  /** Card commands get no answer, while presence and power still do: a terminal stuck mid-read. */
  | 'hang-card-commands';

export const MOCK_FAULTS: readonly MockFault[] = [
  'counter-mismatch-once',
  'counter-mismatch',
  'mute',
  'no-answer',
  'hang-card-commands',
];

/**
 * What `Echange` does on a session without the exclusivity, where the public
 * facts allow several readings (the vendor's behaviour is not public):
 * `lenient` lets it through; `refuse-while-held` answers `0004` while another
 * session holds the LAD; `require` answers `0008` (bad sequence) always.
 */
export type ExclusivityRule = 'lenient' | 'refuse-while-held' | 'require';

export const EXCLUSIVITY_RULES: readonly ExclusivityRule[] = ['lenient', 'refuse-while-held', 'require'];

/** Whether `value` is one of the `EXCLUSIVITY_RULES` (`[MOCK] Exclusivity=`, the CLI's `--exclusivity`). */
export function isExclusivityRule(value: string): value is ExclusivityRule {
  return (EXCLUSIVITY_RULES as readonly string[]).includes(value);
}

/** One LAD of the mock's galss.ini, with the mock's own keys. */
export interface MockResource {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly channel: number;
  readonly channelType: number;
  readonly connectionType: number;
  readonly protocol: number;
  readonly pad: number;
  readonly lad: number;
  /** TCP port where the card connects (`MockPort=`; 0 or absent: any free port). */
  readonly port: number;
  readonly fault: MockFault | undefined;
}

export interface MockConfig {
  readonly resources: readonly MockResource[];
  /** How long the terminal waits for the card before answering CR 11 (`[MOCK] CardTimeoutMs=`). */
  readonly cardTimeoutMs: number;
  /** `[MOCK] Exclusivity=`, default `lenient`. */
  readonly exclusivity: ExclusivityRule;
}

/**
 * The mock's reading of a galss.ini: only what it emulates, tolerant of
 * everything else. The strict, validating parser for sites' files is
 * `parseGalssIni` in @openvitale/transport-galss; this one only feeds tests.
 */
export function readMockConfig(text: string): MockConfig {
  const sections = new Map<string, Map<string, string>>();
  let current = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = new Map();
      sections.set(header[1]!.trim().toUpperCase(), current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) current.set(line.slice(0, eq).trim().toUpperCase(), line.slice(eq + 1).trim());
  }
  const num = (section: Map<string, string> | undefined, key: string, fallback: number) => {
    const value = Number(section?.get(key));
    return Number.isFinite(value) && section?.has(key) ? value : fallback;
  };
  const resources: MockResource[] = [];
  const channels = num(sections.get('CONFIG'), 'NBCANAUX', 0);
  for (let c = 1; c <= channels; c++) {
    const canal = sections.get(`CANAL${c}`);
    for (let p = 1; p <= num(canal, 'NBPAD', 1); p++) {
      const pad = sections.get(`CANAL${c}.PAD${p}`);
      for (let l = 1; l <= num(pad, 'NBLAD', 0); l++) {
        const lad = sections.get(`CANAL${c}.PAD${p}.LAD${l}`);
        const name = lad?.get('NOMLAD');
        if (!lad || !name) continue;
        const aliases: string[] = [];
        for (let a = 1; a <= num(lad, 'NBALIAS', 0); a++) {
          const alias = lad.get(`NOMALIAS${a}`);
          if (alias) aliases.push(alias);
        }
        const fault = lad.get('MOCKFAULT');
        if (fault !== undefined && !(MOCK_FAULTS as readonly string[]).includes(fault)) {
          throw new Error(
            `galss-mock: unknown MockFault "${fault}" for ${name} (know ${MOCK_FAULTS.join(', ')})`,
          );
        }
        resources.push({
          name,
          aliases,
          channel: num(canal, 'INDEX', c),
          channelType: num(canal, 'TCANAL', 3),
          connectionType: num(canal, 'TCONNEXION', 1),
          protocol: num(canal, 'PROTOCOLE', 1),
          pad: num(pad, 'PAD', 0),
          lad: num(lad, 'LAD', l),
          port: num(lad, 'MOCKPORT', 0),
          fault: fault as MockFault | undefined,
        });
      }
    }
  }
  const rule = sections.get('MOCK')?.get('EXCLUSIVITY') ?? 'lenient';
  if (!isExclusivityRule(rule)) {
    throw new Error(`galss-mock: unknown Exclusivity "${rule}" (know ${EXCLUSIVITY_RULES.join(', ')})`);
  }
  return {
    resources,
    cardTimeoutMs: num(sections.get('MOCK'), 'CARDTIMEOUTMS', 1000),
    exclusivity: rule,
  };
}

/** The ini the mock reads when started without one: `GALSS_MOCK_INI`, else the GALSS default place. */
export async function loadMockConfig(path = process.env.GALSS_MOCK_INI ?? '/usr/local/galss/galss.ini') {
  return readMockConfig(await readFile(path, 'latin1'));
}
