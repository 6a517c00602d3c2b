import type { PcscProvider } from '@openvitale/transport-pcsc';
import type { CardClient } from './card-client.js';

export const READERS = ['Virtual PCD 00 00', 'Virtual PCD 00 01'] as const;
export const PORTS = [35963, 35964] as const;

export interface Slot {
  readonly reader: string;
  readonly port: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Inserts the card (a profile file), by default with the timing model on
 * (Vitale 2 defaults from its ATR), and waits until pcscd reports it. Right
 * after a removal vpcd sometimes misses a new connection: the card is then
 * pulled and inserted again.
 */
export async function insert(
  provider: PcscProvider,
  cards: CardClient,
  file: string,
  options: { slot?: 0 | 1; timing?: boolean } = {},
): Promise<Slot> {
  const slot = { reader: READERS[options.slot ?? 0], port: PORTS[options.slot ?? 0] };
  for (let attempt = 1; ; attempt++) {
    await cards.call({ op: 'insert', file, port: slot.port, timing: options.timing ?? true });
    try {
      await waitFor(provider, slot.reader, true);
      return slot;
    } catch (error) {
      await cards.call({ op: 'remove', port: slot.port });
      if (attempt === 3) throw error;
      await pause(500);
    }
  }
}

/** Removes the card and waits until pcscd has seen it go (its presence polling: ~400 ms). */
export async function remove(provider: PcscProvider, cards: CardClient, slot: Slot): Promise<void> {
  await cards.call({ op: 'remove', port: slot.port });
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
