import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateJson } from '@openvitale/format/goldens';
import { createPcscProvider, type PcscProvider } from '@openvitale/transport-pcsc';
import { bundledProfile } from '@openvitale/virtual-card';
import { insertIntoVpcd, type VpcdCard } from '@openvitale/virtual-card/vpcd';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, type PairingRequest, startAgent } from '../src/index.js';
import { bearer, call, connectEvents, delay, FIXTURES, pick, postRead, profile } from './support.js';

const CARD_CLI = join(
  dirname(createRequire(import.meta.url).resolve('@openvitale/virtual-card/package.json')),
  'dist/cli.js',
);

/**
 * A card in its own process (the virtual-card command), as a real card is
 * outside the agent: two cards answering from inside the test process while
 * it reads both readers stalled the process (see the report).
 */
async function cardProcess(name: string, port: number): Promise<ChildProcess> {
  const file = fileURLToPath(new URL(`${name}.json`, FIXTURES));
  const child = spawn(process.execPath, [CARD_CLI, '--profile', file, '--vpcd-port', String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  if (!line.toString().includes('inserted')) throw new Error(`virtual-card: ${line}`);
  return child;
}

/**
 * The agent over the real PC/SC stack (pcscd + vpcd + the virtual card):
 * run through scripts/with-pcscd.sh, which sets OPENVITALE_PCSCD=1.
 */
const stack = process.env.OPENVITALE_PCSCD === '1';
if (process.env.CI && !stack) throw new Error('CI must run the tests through scripts/with-pcscd.sh');

const READER_0 = 'Virtual PCD 00 00';
const READER_1 = 'Virtual PCD 00 01';

describe.skipIf(!stack)('the agent through pcscd + vpcd', () => {
  let provider: PcscProvider;
  let agent: Agent;
  let token: string;
  let inserted: VpcdCard[] = [];
  const codes: PairingRequest[] = [];

  beforeAll(async () => {
    provider = createPcscProvider({ pollIntervalMs: 200 });
    agent = await startAgent({ port: 0, provider, onPairingRequest: (r) => codes.push(r) });
    const asked = await call(agent, { method: 'POST', path: '/v1/pair', body: {} });
    const confirmed = await call(agent, {
      method: 'POST',
      path: '/v1/pair/confirm',
      body: { pairingId: pick(asked.json, 'pairingId'), code: codes[0]!.code },
    });
    token = String(pick(confirmed.json, 'token'));
  });
  afterEach(async () => {
    await Promise.all(inserted.map((card) => card.close()));
    inserted = [];
    // pcscd sees a removal within its ~400 ms polling.
    for (let i = 0; i < 40 && (await provider.listReaders()).some((r) => r.card); i++) await delay(50);
  });
  afterAll(async () => {
    await agent?.close();
    await provider?.close();
  });

  async function insert(name: string, port = 35963) {
    const card = await insertIntoVpcd(name === 'demo' ? await bundledProfile('demo') : await profile(name), {
      port,
    });
    inserted.push(card);
    return card;
  }

  it('lists the virtual readers and the card inserted, and reads it over HTTP', async () => {
    await insert('demo');
    let readers: unknown;
    for (let i = 0; i < 40; i++) {
      readers = (await call(agent, { path: '/v1/readers', headers: bearer(token) })).json;
      if (pick(readers, 'auto') === READER_0) break;
      await delay(50);
    }
    expect(readers).toMatchObject({
      readers: expect.arrayContaining([
        { name: READER_0, card: expect.objectContaining({ kind: 'vitale-2' }) },
      ]),
      auto: READER_0,
    });
    const reply = await postRead(agent, token, { waitTimeoutMs: 3000 });
    expect(reply.status).toBe(200);
    expect(await validateJson(reply.json)).toEqual([]);
    expect(pick(reply.json, 'listeBenef', 0, 'ident', 'prenomUsuel')).toBe('CAMILLE');
  });

  it('sends the events while a card is inserted, read automatically, and removed', async () => {
    const client = await connectEvents(agent, { token, query: '?autoRead=identification' });
    await client.next((e) => e.type === 'reader-added' && e.reader === READER_1);
    const card = await insert('vitale2-family');
    expect(await client.next((e) => e.type === 'card-inserted' && e.reader === READER_0)).toMatchObject({
      kind: 'vitale-2',
    });
    const result = await client.next((e) => e.type === 'read-result', 10_000);
    expect(result).toMatchObject({ reader: READER_0, scope: 'identification' });
    expect((pick(result.card, 'listeBenef') as unknown[]).length).toBe(5);
    await card.close();
    await client.next((e) => e.type === 'card-removed' && e.reader === READER_0, 5_000);
    client.close();
  });

  it('reads two readers in parallel, and serialises reads on one reader', async () => {
    const cards = [await cardProcess('vitale2-single', 35963), await cardProcess('vitale2-family', 35964)];
    try {
      const read = (reader: string) => postRead(agent, token, { reader, waitTimeoutMs: 3000 });
      const replies = await Promise.all([read('00 00'), read('00 01'), read('00 00'), read('00 01')]);
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(replies.map((r) => (pick(r.json, 'listeBenef') as unknown[]).length)).toEqual([1, 5, 1, 5]);
    } finally {
      for (const card of cards) card.kill('SIGTERM');
      await Promise.all(cards.map((card) => (card.exitCode === null ? once(card, 'exit') : undefined)));
    }
  });

  it('a card pulled mid-read is a clear error; the next card reads', async () => {
    const card = await insertIntoVpcd(await profile('vitale2-single'), {
      faults: [{ type: 'remove-before', apdu: 3 }],
    });
    inserted.push(card);
    const failed = await postRead(agent, token, { waitTimeoutMs: 3000 });
    expect(failed.json).toMatchObject({ error: { code: 'CARD_REMOVED' } });
    await card.closed;
    for (let i = 0; i < 40 && (await provider.listReaders()).some((r) => r.card); i++) await delay(50);
    await insert('vitale2-single');
    const next = await postRead(agent, token, { waitTimeoutMs: 3000 });
    expect(next.status).toBe(200);
  });
});
