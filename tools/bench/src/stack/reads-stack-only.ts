import type { PcscProvider } from '@openvitale/transport-pcsc';
import { summarize } from '../stats.js';
import type { CardClient } from './card-client.js';
import { timedRead } from './reads.js';
import { insert, remove } from './vpcd.js';

/** Identification reads with the timing model off: what pcscd + vpcd + our transport cost by themselves. */
export async function measureStackOnly(
  provider: PcscProvider,
  cards: CardClient,
  name: string,
  file: string,
  rounds: number,
) {
  const slot = await insert(provider, cards, file, { timing: false });
  const times: number[] = [];
  let apdus = 0;
  try {
    const open = () => provider.open(slot.reader);
    await timedRead(open, 'identification');
    for (let i = 0; i < rounds; i++) {
      const read = await timedRead(open, 'identification');
      times.push(read.ms);
      apdus = read.exchanges.length;
    }
  } finally {
    await remove(provider, cards, slot);
  }
  return { profile: name, apdus, wall: summarize(times) };
}
