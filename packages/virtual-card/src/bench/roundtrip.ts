/**
 * Mean round trip of one APDU through pcscd + vpcd to the virtual card, with
 * and without the TCP_QUICKACK fix, and the timing model's figure for the
 * same exchange. Run by `pnpm bench` (builds, then runs under
 * scripts/with-pcscd.sh): needs root and the vpcd driver.
 */
import { fromHex } from '@openvitale/transport';
import pcsc from 'smartcard';
import { createCard } from '../cards/create.js';
import { insertIntoVpcd } from '../connectors/vpcd.js';
import { bundledProfile } from '../profiles.js';
import { exchangeTimeMs, timingFromAtr } from '../timing.js';

const READER = 'Virtual PCD 00 00';
const COMMAND = fromHex('00A4040C0BD250000002564954414C45');
const ROUNDS = Number(process.env.OPENVITALE_BENCH_ROUNDS ?? 500);
const SLOW_ROUNDS = 40;

async function measure(quickAck: boolean, rounds: number): Promise<number> {
  const card = await insertIntoVpcd(await bundledProfile('demo'), { port: 35963, quickAck });
  const context = new pcsc.Context();
  try {
    let reader: ReturnType<typeof context.listReaders>[number] | undefined;
    for (let i = 0; i < 60 && !reader; i++) {
      reader = context
        .listReaders()
        .find((r) => r.name.startsWith(READER) && (r.state & pcsc.SCARD_STATE_PRESENT) !== 0);
      if (!reader) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!reader) throw new Error('pcscd did not see the card');
    const handle = await reader.connect(pcsc.SCARD_SHARE_SHARED, pcsc.SCARD_PROTOCOL_T0);
    const command = Buffer.from(COMMAND);
    for (let i = 0; i < 10; i++) await handle.transmit(command);
    const started = performance.now();
    for (let i = 0; i < rounds; i++) await handle.transmit(command);
    const mean = (performance.now() - started) / rounds;
    // LEAVE: a sync disconnect that resets would wait on this process, where the card lives.
    handle.disconnect(pcsc.SCARD_LEAVE_CARD);
    return mean;
  } finally {
    context.close();
    await card.close();
    await new Promise((resolve) => setTimeout(resolve, 600));
  }
}

const withFix = await measure(true, ROUNDS);
const withoutFix = await measure(false, SLOW_ROUNDS);
const card = createCard(await bundledProfile('demo'));
const modelled = exchangeTimeMs(COMMAND, card.process(COMMAND), timingFromAtr(card.atr));
console.log(`APDU: SELECT VITALE (P2 0C), 16 bytes in, 90 00 out`);
console.log(`with TCP_QUICKACK:    ${withFix.toFixed(3)} ms mean over ${ROUNDS} round trips`);
console.log(`without TCP_QUICKACK: ${withoutFix.toFixed(3)} ms mean over ${SLOW_ROUNDS} round trips`);
console.log(`timing model (a real Vitale 2 + reader): ${modelled.toFixed(3)} ms`);
