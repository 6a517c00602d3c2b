import type { PcscProvider } from '@openvitale/transport-pcsc';
import { type CardProfile, createCard } from '@openvitale/virtual-card';
import { insertIntoVpcd, type VpcdCard } from '@openvitale/virtual-card/vpcd';
import { TimedRunner } from './timed-runner.js';

export const READERS = ['Virtual PCD 00 00', 'Virtual PCD 00 01'] as const;
export const PORTS = [35963, 35964] as const;

export interface Slot {
  readonly card: VpcdCard;
  readonly runner: TimedRunner;
  readonly reader: string;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Inserts the card with the timing model on (Vitale 2 defaults from its ATR)
 * and waits until pcscd reports it. Right after a removal vpcd sometimes
 * misses a new connection: the card is then pulled and inserted again.
 */
export async function insert(provider: PcscProvider, profile: CardProfile, slot: 0 | 1 = 0): Promise<Slot> {
  const reader = READERS[slot];
  for (let attempt = 1; ; attempt++) {
    const runner = new TimedRunner(createCard(profile), { timing: true });
    const card = await insertIntoVpcd(runner, { port: PORTS[slot] });
    try {
      await waitFor(provider, reader, true);
      return { card, runner, reader };
    } catch (error) {
      await card.close();
      if (attempt === 3) throw error;
      await pause(500);
    }
  }
}

/** Removes the card and waits until pcscd has seen it go (its presence polling: ~400 ms). */
export async function remove(provider: PcscProvider, slot: Slot): Promise<void> {
  await slot.card.close();
  await waitFor(provider, slot.reader, false);
}

export async function waitFor(provider: PcscProvider, reader: string, present: boolean): Promise<void> {
  for (let i = 0; i < 150; i++) {
    const state = (await provider.listReaders()).find((r) => r.name === reader);
    if (state && (state.card !== null) === present) return;
    await pause(20);
  }
  throw new Error(`pcscd did not see the card ${present ? 'arrive in' : 'leave'} "${reader}" within 3 s`);
}
