import { type ReaderEvent, toHex } from '@openvitale/transport';
import { loadProfile } from '@openvitale/virtual-card';
import { describe, expect, it } from 'vitest';
import { GalssTransportProvider } from '../src/index.js';
import { insertCard, LIBRARIES, settle, startMock } from './support.js';

const fixture = (name: string) =>
  loadProfile(new URL(`../../../fixtures/cards/${name}.json`, import.meta.url));

describe('GalssTransportProvider over the C stand-in', () => {
  it('lists the resources of the info library, aliases merged', async () => {
    const mock = await startMock();
    try {
      const provider = new GalssTransportProvider({ ...LIBRARIES });
      const resources = await provider.resources();
      expect(resources.map((r) => [r.name, r.aliases, r.lad, r.channelType])).toEqual([
        ['CPS', ['TRANSPA1'], 1, 3],
        ['Vitale', ['TRANSPA2'], 2, 3],
      ]);
    } finally {
      await mock.close();
    }
  });

  it('lists readers with their cards, and opens one by name', async () => {
    const mock = await startMock();
    const vitale = await fixture('vitale2-single');
    const card = await insertCard(mock, 'Vitale', vitale);
    await settle();
    try {
      const provider = new GalssTransportProvider({ ...LIBRARIES });
      const readers = await provider.listReaders();
      expect(readers.map((r) => [r.name, r.card && toHex(r.card.atr)])).toEqual([
        ['CPS', null],
        ['Vitale', '3B751300004709EA9000'],
      ]);
      const transport = await provider.open('Vitale');
      expect(transport.kind).toBe('galss');
      await transport.close();
      await expect(provider.open('CPS')).rejects.toMatchObject({ code: 'NO_CARD' });
    } finally {
      await card.close();
      await mock.close();
    }
  });

  it('watches by polling: current state first, then insertions, removals and same-model swaps', async () => {
    const mock = await startMock();
    const vitale = await fixture('vitale2-single');
    let card = await insertCard(mock, 'Vitale', vitale);
    await settle();
    const controller = new AbortController();
    const provider = new GalssTransportProvider({ ...LIBRARIES, pollIntervalMs: 50 });
    const events: ReaderEvent[] = [];
    const seen = (n: number) =>
      new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (events.length >= n) {
            clearInterval(check);
            resolve();
          }
        }, 10);
      });
    const watching = (async () => {
      for await (const event of provider.watch({ signal: controller.signal })) events.push(event);
    })();
    try {
      await seen(3);
      const cps = await insertCard(mock, 'CPS', await fixture('cps'));
      await seen(4);
      await card.close();
      await seen(5);
      card = await insertCard(mock, 'Vitale', vitale);
      await seen(6);
      // The same card model again: only the terminal's counter tells the swap.
      await card.close();
      card = await insertCard(mock, 'Vitale', vitale);
      await seen(8);
      await cps.close();
      controller.abort();
      await watching;
      const summary = events.slice(0, 8).map((e) => `${e.type} ${e.reader}`);
      expect(summary).toEqual([
        'reader-added CPS',
        'reader-added Vitale',
        'card-inserted Vitale',
        'card-inserted CPS',
        'card-removed Vitale',
        'card-inserted Vitale',
        'card-removed Vitale',
        'card-inserted Vitale',
      ]);
    } finally {
      controller.abort();
      await card.close();
      await mock.close();
    }
  });

  it('ends the watch with SERVICE_UNAVAILABLE when the GALSS server is not started', async () => {
    process.env.GALSS_MOCK_SOCKET = '/nonexistent/galss.sock';
    const provider = new GalssTransportProvider({ ...LIBRARIES });
    const iterate = async () => {
      for await (const _ of provider.watch()) {
        // nothing arrives
      }
    };
    await expect(iterate()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', nativeCode: 'GALSS 8002' });
  });
});
