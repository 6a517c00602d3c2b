import { loadProvider, type ReaderConfig } from '@openvitale/reader';
import { ECHO_MAX_CHARS, printable, quote, type TransportProvider } from '@openvitale/transport';
import { oneOf } from './args.js';
import { usage } from './errors.js';
import { FILE_LIMITS, readUserFile } from './files.js';
import { BESIDE, importVirtualCard } from './optional.js';

export const TRANSPORTS = ['pcsc', 'galss', 'demo'] as const;
export type TransportKind = (typeof TRANSPORTS)[number];

export const DEMO_READER = 'OpenVitale demo reader';

/** A provider and how to release it (a PC/SC context, a GALSS session). */
export interface OpenedProvider {
  readonly kind: TransportKind;
  readonly provider: TransportProvider;
  close(): Promise<void>;
}

export interface ProviderOptions {
  readonly config: ReaderConfig;
  /** The reader a read or watch will use (GALSS then looks at that resource alone; see `loadProvider`). */
  readonly reader?: string | undefined;
  /** demo: a card profile file, `demo` (the bundled card, default) or `none` (an empty reader). */
  readonly demoProfile?: string | undefined;
  /** demo: faults such as `remove-after:3`, `mute:2`, for tests and demonstrations. */
  readonly demoFaults?: readonly string[] | undefined;
}

/**
 * Opens a transport provider, loading its code only now: `--transport demo`
 * never loads PC/SC or FFI code, and a missing optional package (a
 * transport, the demo card) is a friendly error (`LIBRARY_MISSING`) naming
 * it, not a crash at start-up.
 */
export async function openProvider(kind: TransportKind, options: ProviderOptions): Promise<OpenedProvider> {
  if (kind === 'demo') return openDemo(options);
  const library = options.config.galssLibrary;
  const provider = await loadProvider(kind, {
    beside: BESIDE,
    ...(library === undefined ? {} : { galssLibrary: library }),
    ...(options.reader === undefined ? {} : { reader: options.reader }),
  });
  return { kind, provider, close: async () => provider.close?.() };
}

async function openDemo(options: ProviderOptions): Promise<OpenedProvider> {
  const card = await importVirtualCard();
  const provider = new card.VirtualTransportProvider({ readers: [DEMO_READER] });
  const spec = options.demoProfile ?? 'demo';
  if (spec !== 'none') {
    const faults = (options.demoFaults ?? []).map(parseFault);
    const profile = spec === 'demo' ? await card.bundledProfile('demo') : await demoProfile(card, spec);
    provider.insert(DEMO_READER, profile, { faults });
  }
  return { kind: 'demo', provider, close: async () => {} };
}

/** A `--demo-profile` file, read like every file a user names. */
async function demoProfile(card: typeof import('@openvitale/virtual-card'), path: string) {
  const text = await readUserFile(path, {
    what: 'the demo profile',
    fix: 'give a card profile (JSON), demo or none',
    maxBytes: FILE_LIMITS.profile,
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw usage(`--demo-profile ${quote(path)} is not JSON: ${(error as Error).message}`);
  }
  try {
    return card.parseProfile(json, path);
  } catch (error) {
    if (!card.ProfileError.isInstance(error)) throw error;
    throw usage(`--demo-profile: ${printable(error.message, ECHO_MAX_CHARS * 4)}`);
  }
}

type DemoFault = { type: 'remove-before' | 'remove-after' | 'mute'; apdu: number };

/** `remove-after:3`: the demo card's planned faults, a small subset of the virtual card's. */
function parseFault(text: string): DemoFault {
  const match = /^(remove-before|remove-after|mute):(\d{1,9})$/.exec(text);
  const apdu = Number(match?.[2]);
  if (!match || apdu < 1) {
    throw usage(
      `--demo-fault takes remove-before:N, remove-after:N or mute:N, N an APDU number from 1; got ${quote(text)}`,
    );
  }
  return { type: match[1] as DemoFault['type'], apdu };
}

/** `--transport`, else the config's `Mode`, else PC/SC. */
export function transportOf(command: string, value: string | undefined, config: ReaderConfig): TransportKind {
  return oneOf(command, 'transport', value, TRANSPORTS) ?? config.mode;
}

export interface ReaderValues {
  readonly transport?: string | undefined;
  readonly reader?: string | undefined;
  readonly config?: string | undefined;
  readonly 'demo-profile'?: string | undefined;
  readonly 'demo-fault'?: readonly string[] | undefined;
}

/** The config, the provider and the reader selector of a command that talks to readers. */
export async function providerFor(command: string, values: ReaderValues) {
  const { loadConfig } = await import('./config.js');
  const config = await loadConfig(values.config);
  const kind = transportOf(command, values.transport, config);
  if (kind !== 'demo' && (values['demo-profile'] !== undefined || values['demo-fault'] !== undefined)) {
    throw usage('--demo-profile and --demo-fault need --transport demo', command);
  }
  if (values.reader === '') throw usage('--reader needs a reader name, a part of one, or auto', command);
  const reader = values.reader ?? config.vitaleReader;
  const opened = await openProvider(kind, {
    config,
    reader,
    demoProfile: values['demo-profile'],
    demoFaults: values['demo-fault'],
  });
  return { config, opened, reader };
}
