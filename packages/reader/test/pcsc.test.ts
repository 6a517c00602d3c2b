import { readdirSync } from 'node:fs';
import { toJsonString } from '@openvitale/format';
import { createPcscProvider, type PcscProvider } from '@openvitale/transport-pcsc';
import { insertIntoVpcd, type VpcdCard } from '@openvitale/virtual-card/vpcd';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CardRead, readCard, readIdentification, readNextCard, watchCards } from '../src/index.js';
import { cardIn, FIXTURES, profile } from './support.js';

/**
 * The same reads end to end through the real PC/SC stack (pcscd + vpcd +
 * the virtual card), compared with the in-process reads of the same cards.
 * Run with scripts/with-pcscd.sh.
 */
const stack = process.env.OPENVITALE_PCSCD === '1';
if (process.env.CI && !stack) throw new Error('CI must run the tests through scripts/with-pcscd.sh');

const READER = 'Virtual PCD 00 00';
const names = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

const rendered = (read: CardRead) => toJsonString(read.card);

describe.skipIf(!stack)('reads through pcscd + vpcd', () => {
  let provider: PcscProvider;
  let inserted: VpcdCard[] = [];
  beforeAll(() => {
    provider = createPcscProvider({ pollIntervalMs: 200 });
  });
  afterEach(async () => {
    await Promise.all(inserted.map((card) => card.close()));
    inserted = [];
    // pcscd sees a removal within its ~400 ms polling: wait for the reader to be empty again.
    for (let i = 0; i < 40 && (await provider.listReaders()).some((r) => r.card); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(() => provider.close());

  async function insert(name: string, port = 35963) {
    const card = await insertIntoVpcd(await profile(name), { port });
    inserted.push(card);
    return card;
  }

  it.each(names)('%s: the same identification and full read as in process', async (name) => {
    const card = await insert(name);
    for (const read of [readIdentification, readCard]) {
      const { open } = await cardIn(name);
      const expected = await read(await open()).then(rendered, (e: { code: string }) => e.code);
      const scope = read === readCard ? 'full' : 'identification';
      const got = await readNextCard(provider, { scope, reader: READER, waitTimeoutMs: 3000 }).then(
        rendered,
        (e: { code: string }) => e.code,
      );
      expect(got).toEqual(expected);
    }
    expect(card.runner.refused).toEqual([]);
  });

  it('reads two readers at once', async () => {
    await insert('vitale2-single', 35963);
    await insert('vitale2-family', 35964);
    const [a, b] = await Promise.all([
      readNextCard(provider, { reader: '00 00', waitTimeoutMs: 3000 }),
      readNextCard(provider, { reader: '00 01', waitTimeoutMs: 3000 }),
    ]);
    expect(a.card.persons).toHaveLength(1);
    expect(b.card.persons.length).toBeGreaterThan(1);
  });

  it('a card pulled mid-read: CARD_REMOVED; then the next card reads', async () => {
    const card = await insertIntoVpcd(await profile('vitale2-single'), {
      faults: [{ type: 'remove-before', apdu: 3 }],
    });
    inserted.push(card);
    await expect(readNextCard(provider, { waitTimeoutMs: 3000 })).rejects.toMatchObject({
      code: 'CARD_REMOVED',
    });
    await card.closed;
    for (let i = 0; i < 40 && (await provider.listReaders()).some((r) => r.card); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await insert('vitale2-single');
    await expect(readNextCard(provider, { waitTimeoutMs: 3000 })).resolves.toMatchObject({ reader: READER });
  });

  it('watches cards inserted and removed, reading each', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const watching = (async () => {
      for await (const event of watchCards(provider, { signal: controller.signal, reader: READER })) {
        if (event.reader !== READER) continue;
        seen.push(event.type === 'read-result' ? `read ${event.read.card.persons.length}` : event.type);
        if (event.type === 'card-removed') controller.abort();
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    const card = await insert('vitale2-family');
    for (let i = 0; i < 60 && seen.length < 3; i++) await new Promise((r) => setTimeout(r, 50));
    await card.close();
    await watching;
    expect(seen).toEqual(['reader-added', 'card-inserted', 'read 5', 'card-removed']);
  });
});
