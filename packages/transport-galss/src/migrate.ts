import { matchName, quote } from '@openvitale/transport';
import { CHANNEL_TYPE, type GalssIni } from './ini.js';

/** What a GALSS resource is for, from its name or aliases (docs/domain/official-api.md §2.4 conventions). */
export type ResourceRole = 'vitale' | 'cps' | 'terminal-application' | 'other';

export interface PlannedResource {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly role: ResourceRole;
  readonly lad: number;
  /** `pcsc`: a PC/SC reader GALSS bridged; `serial`: a PSS terminal on a serial line; `unknown` TCanal. */
  readonly kind: 'pcsc' | 'serial' | 'unknown';
  /** The exact PC/SC reader name (`Caracteristiques=`), on PC/SC channels. */
  readonly pcscReader: string | undefined;
  /** The serial port index (`Index=`, COMn) and line settings, on serial channels. */
  readonly serialPort: number | undefined;
  readonly serialSettings: string | undefined;
  readonly channel: number;
}

export interface MigrationOptions {
  /**
   * The resource that holds the Vitale card, when the site names it: a LAD
   * name or alias, exact or a unique part (`matchName`, the rule `--reader`
   * and `Ressource_Vitale=` follow). Default (or `auto`): the conventional
   * names, `Vitale` or `TRANSPA2`.
   */
  readonly vitale?: string;
  /** The same for the CPS card; conventionally `CPS` or `TRANSPA1`. */
  readonly cps?: string;
}

export interface MigrationPlan {
  /** The PC/SC reader to read the Vitale card in, or `null` when galss.ini has none to offer. */
  readonly vitaleReader: string | null;
  readonly cpsReader: string | null;
  readonly resources: readonly PlannedResource[];
  readonly warnings: readonly string[];
}

const ROLE_NAMES: Readonly<Record<string, ResourceRole>> = {
  VITALE: 'vitale',
  TRANSPA2: 'vitale',
  CPS: 'cps',
  TRANSPA1: 'cps',
  LOG_SV: 'terminal-application',
};

function roleOf(name: string, aliases: readonly string[], lad: number): ResourceRole {
  for (const n of [name, ...aliases]) {
    const role = ROLE_NAMES[n.toUpperCase()];
    if (role) return role;
  }
  return lad === 0 ? 'terminal-application' : 'other';
}

/**
 * Says where each GALSS resource lives and which PC/SC readers replace
 * them: a PC/SC channel names its reader exactly; a serial PSS terminal has
 * no PC/SC equivalent (a dual-mode terminal must be switched to PC/SC, and
 * its reader name is then only known on the machine).
 */
export function planMigration(ini: GalssIni, options: MigrationOptions = {}): MigrationPlan {
  const found: PlannedResource[] = [];
  const warnings: string[] = [];
  for (const channel of ini.channels) {
    const kind =
      channel.type === CHANNEL_TYPE.pcsc
        ? 'pcsc'
        : channel.type === CHANNEL_TYPE.serial
          ? 'serial'
          : 'unknown';
    if (kind === 'unknown')
      warnings.push(`[CANAL${channel.index}] has TCanal=${channel.type}, neither serial (1) nor PC/SC (3)`);
    if (kind === 'pcsc' && channel.characteristics === '') {
      warnings.push(`[CANAL${channel.index}] is PC/SC but has no Caracteristiques= reader name`);
    }
    for (const pad of channel.pads) {
      for (const lad of pad.lads) {
        found.push({
          name: lad.name,
          aliases: lad.aliases,
          role: roleOf(lad.name, lad.aliases, lad.lad),
          lad: lad.lad,
          kind,
          pcscReader: kind === 'pcsc' && channel.characteristics !== '' ? channel.characteristics : undefined,
          serialPort: kind === 'serial' ? channel.portIndex : undefined,
          serialSettings: kind === 'serial' ? channel.characteristics : undefined,
          channel: channel.index,
        });
      }
    }
  }
  const pick = (role: 'vitale' | 'cps', label: string, selector: string | undefined) => {
    const named = selector !== undefined && selector !== 'auto';
    const matches = named ? matchName(found, selector) : found.filter((r) => r.role === role);
    if (matches.length === 0) {
      warnings.push(
        named
          ? `No resource of galss.ini is named ${quote(selector)} (the ${label} resource): set the ${label} reader by hand`
          : `No ${label} resource in galss.ini: set the ${label} reader by hand`,
      );
      return undefined;
    }
    if (matches.length > 1) {
      const names = matches.map((r) => r.name).join(', ');
      warnings.push(
        named
          ? `${quote(selector)} names ${matches.length} resources (${names}): the first is used as the ${label} resource`
          : `${matches.length} ${label} resources (${names}): the first is used`,
      );
    }
    const chosen = matches[0]!;
    if (chosen.kind === 'serial') {
      warnings.push(
        `${label} (${chosen.name}) is on a serial PSS terminal (COM${chosen.serialPort ?? '?'}), which PC/SC cannot reach: ` +
          'switch a dual-mode terminal to PC/SC mode or replace it with a PC/SC reader, then name that reader',
      );
    }
    return chosen;
  };
  const vitale = pick('vitale', 'Vitale', options.vitale);
  const cps = pick('cps', 'CPS', options.cps);
  // A resource the site named has the role it was named for.
  const resources = found.map((r) =>
    r === vitale ? { ...r, role: 'vitale' as const } : r === cps ? { ...r, role: 'cps' as const } : r,
  );
  return {
    vitaleReader: vitale?.pcscReader ?? null,
    cpsReader: cps?.pcscReader ?? null,
    resources,
    warnings,
  };
}

/**
 * The PC/SC configuration that replaces GALSS, as api_lec.ini-style keys
 * (`Ressource_Vitale=`, `Ressource_CPS=` take the exact PC/SC reader name;
 * `Mode=PCSC` says they are PC/SC readers), CRLF like the file it replaces.
 * Warnings become comments. An unknown Vitale reader is `auto` (the card is
 * then found by its ATR, and the file stays one the reader accepts); an
 * unknown CPS reader leaves its key empty.
 */
export function formatPcscConfig(plan: MigrationPlan): string {
  const lines = [
    '; OpenVitale: PC/SC readers replacing GALSS, planned from galss.ini',
    ...plan.warnings.map((w) => `; warning: ${w}`),
    ...(plan.vitaleReader === null
      ? [
          '; Ressource_Vitale=auto: no PC/SC reader is known for Vitale; the card is found by its ATR in any reader',
        ]
      : []),
    'Mode=PCSC',
    `Ressource_Vitale=${plan.vitaleReader ?? 'auto'}`,
    `Ressource_CPS=${plan.cpsReader ?? ''}`,
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** One line per resource: where it sits today (for `openvitale migrate-galss` to print). */
export function describeResources(plan: MigrationPlan): string[] {
  return plan.resources.map((r) => {
    const names = [r.name, ...r.aliases].join(' / ');
    const where =
      r.kind === 'pcsc'
        ? `PC/SC reader "${r.pcscReader ?? '?'}"`
        : r.kind === 'serial'
          ? `serial PSS terminal on COM${r.serialPort ?? '?'} (${r.serialSettings || 'no settings'}), LAD ${r.lad}`
          : `channel ${r.channel} of unknown type, LAD ${r.lad}`;
    return `${names} (${r.role}): ${where}`;
  });
}
