/**
 * Mean round trip of one APDU through this binding → pcscd → vpcd → the
 * virtual card, with and without the card side's TCP_QUICKACK fix, and the
 * timing model's figure for the same exchange. Run by `pnpm bench` (builds,
 * then runs under scripts/with-pcscd.sh): needs root and the vpcd driver.
 */
import { fromHex } from '@openvitale/transport';
import { bundledProfile, createCard, exchangeTimeMs, timingFromAtr } from '@openvitale/virtual-card';
import { insertIntoVpcd } from '@openvitale/virtual-card/vpcd';
import { createPcscProvider } from '../provider.js';

const READER = 'Virtual PCD 00 00';
const COMMAND = fromHex('00A4040C0BD250000002564954414C45');
const ROUNDS = Number(process.env.OPENVITALE_BENCH_ROUNDS ?? 500);
const SLOW_ROUNDS = 40;

async function measure(quickAck: boolean, rounds: number): Promise<number> {
  const card = await insertIntoVpcd(await bundledProfile('demo'), { port: 35963, quickAck });
  const provider = createPcscProvider();
  try {
    for (let i = 0; i < 60; i++) {
      if ((await provider.listReaders()).some((r) => r.name === READER && r.card)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await using transport = await provider.open(READER);
    for (let i = 0; i < 10; i++) await transport.transmit(COMMAND);
    const started = performance.now();
    for (let i = 0; i < rounds; i++) await transport.transmit(COMMAND);
    return (performance.now() - started) / rounds;
  } finally {
    await provider.close();
    await card.close();
    await new Promise((resolve) => setTimeout(resolve, 600));
  }
}

const withFix = await measure(true, ROUNDS);
const withoutFix = await measure(false, SLOW_ROUNDS);
const card = createCard(await bundledProfile('demo'));
const modelled = exchangeTimeMs(COMMAND, card.process(COMMAND), timingFromAtr(card.atr));
console.log(`APDU: SELECT VITALE (P2 0C), 16 bytes in, 90 00 out, through the koffi binding`);
console.log(`with TCP_QUICKACK:    ${withFix.toFixed(3)} ms mean over ${ROUNDS} round trips`);
console.log(`without TCP_QUICKACK: ${withoutFix.toFixed(3)} ms mean over ${SLOW_ROUNDS} round trips`);
console.log(`timing model (a real Vitale 2 + reader): ${modelled.toFixed(3)} ms`);
