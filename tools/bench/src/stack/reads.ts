import { type ReadScope, readCard, readIdentification } from '@openvitale/reader';
import type { ApduTransport } from '@openvitale/transport';
import type { PcscProvider } from '@openvitale/transport-pcsc';
import { type CardProfile, VirtualTransportProvider } from '@openvitale/virtual-card';
import { type Exchange, floorMs, type Traffic, traffic } from '../floor.js';
import { type Summary, summarize } from '../stats.js';
import type { CardClient } from './card-client.js';
import { insert, remove } from './vpcd.js';

export const SCOPES: readonly ReadScope[] = ['identification', 'full'];

/** One read: wall time of open + read (the result is then in hand; the reset on release comes after). */
export interface TimedRead {
  readonly ms: number;
  readonly exchanges: readonly Exchange[];
  /** The read's error code (a CPS is `NOT_VITALE`), when it failed. */
  readonly error?: string;
}

export interface ScopeResult {
  readonly traffic: Traffic;
  readonly floorMs: number;
  /** Through pcscd + vpcd, the card's timing model on. */
  readonly wall: Summary;
  /** The same read on the in-process virtual card with the same timing model (no pcscd): the emulator's own share. */
  readonly inProcess: Summary;
  readonly error?: string;
}

export interface ProfileResult {
  readonly name: string;
  readonly atr: Uint8Array;
  readonly scopes: Readonly<Record<ReadScope, ScopeResult>>;
}

const readers = { identification: readIdentification, full: readCard } as const;

/** Opens, reads and times one read; records its exchanges at the raw level. */
export async function timedRead(open: () => Promise<ApduTransport>, scope: ReadScope): Promise<TimedRead> {
  const exchanges: Exchange[] = [];
  const started = performance.now();
  const transport = await open();
  const stop = transport.onEvent((event) => {
    if (event.type === 'exchange') exchanges.push({ command: event.command, response: event.response });
  });
  let error: string | undefined;
  try {
    await readers[scope](transport);
  } catch (failure) {
    error = (failure as { code?: string }).code ?? String(failure);
  }
  const ms = performance.now() - started;
  stop();
  await transport.close();
  return error === undefined ? { ms, exchanges } : { ms, exchanges, error };
}

/** Every scope of one profile through pcscd + vpcd, `rounds` times each after one warm-up read. */
export async function measureProfile(
  provider: PcscProvider,
  cards: CardClient,
  name: string,
  file: string,
  profile: CardProfile,
  rounds: number,
): Promise<ProfileResult> {
  const slot = await insert(provider, cards, file);
  let atr: Uint8Array = new Uint8Array();
  const stack: Record<ReadScope, TimedRead[]> = { identification: [], full: [] };
  try {
    const open = () => provider.open(slot.reader);
    for (const scope of SCOPES) await timedRead(open, scope);
    for (let i = 0; i < rounds; i++)
      for (const scope of SCOPES) stack[scope].push(await timedRead(open, scope));
    atr = (await provider.listReaders()).find((r) => r.name === slot.reader)?.card?.atr ?? atr;
  } finally {
    await remove(provider, cards, slot);
  }
  const local = await inProcess(profile, rounds);
  const result = (scope: ReadScope): ScopeResult => {
    const last = stack[scope].at(-1)!;
    return {
      traffic: traffic(last.exchanges),
      floorMs: floorMs(atr, last.exchanges),
      wall: summarize(stack[scope].map((r) => r.ms)),
      inProcess: summarize(local[scope].map((r) => r.ms)),
      ...(last.error === undefined ? {} : { error: last.error }),
    };
  };
  return { name, atr, scopes: { identification: result('identification'), full: result('full') } };
}

async function inProcess(profile: CardProfile, rounds: number): Promise<Record<ReadScope, TimedRead[]>> {
  const provider = new VirtualTransportProvider();
  const reader = 'Virtual Reader 0';
  provider.insert(reader, profile, { timing: true });
  const out: Record<ReadScope, TimedRead[]> = { identification: [], full: [] };
  for (let i = 0; i < rounds; i++) {
    for (const scope of SCOPES) out[scope].push(await timedRead(() => provider.open(reader), scope));
  }
  return out;
}
