import type { PcscProvider } from '@openvitale/transport-pcsc';
import type { CardProfile } from '@openvitale/virtual-card';
import { insertIntoVpcd } from '@openvitale/virtual-card/vpcd';
import { summarize } from '../stats.js';
import { timedRead } from './reads.js';
import { READERS, waitFor } from './vpcd.js';

/** Identification reads with the timing model off: what pcscd + vpcd + our transport cost by themselves. */
export async function measureStackOnly(provider: PcscProvider, name: string, profile: CardProfile, rounds: number) {
  const card = await insertIntoVpcd(profile, { port: 35963 });
  const reader = READERS[0];
  await waitFor(provider, reader, true);
  const times: number[] = [];
  let apdus = 0;
  try {
    const open = () => provider.open(reader);
    await timedRead(open, 'identification');
    for (let i = 0; i < rounds; i++) {
      const read = await timedRead(open, 'identification');
      times.push(read.ms);
      apdus = read.exchanges.length;
    }
  } finally {
    await card.close();
    await waitFor(provider, reader, false);
  }
  return { profile: name, apdus, wall: summarize(times) };
}
