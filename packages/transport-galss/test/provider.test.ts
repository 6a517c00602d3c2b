import { type ReaderEvent, toHex } from '@openvitale/transport';
import { loadProfile } from '@openvitale/virtual-card';
import type { VpcdCard } from '@openvitale/virtual-card/vpcd';
import { exchangesOutsideExclusivity, type GalssMock, RENAMED_SITE_INI } from '@openvitale-tools/galss-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { GalssTransportProvider } from '../src/index.js';
import { insertCard, LIBRARIES, RULES, settle, startMock } from './support.js';

const fixture = (name: string) =>
  loadProfile(new URL(`../../../fixtures/cards/${name}.json`, import.meta.url));
const vitale = await fixture('vitale2-single');

/** Collects a watch's events; `seen(n)` waits until there are `n`. */
function watching(provider: GalssTransportProvider) {
  const controller = new AbortController();
  const events: ReaderEvent[] = [];
  const done = (async () => {
    for await (const event of provider.watch({ signal: controller.signal })) events.push(event);
  })();
  const seen = (n: number) =>
    new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (events.length >= n) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    });
  const stop = async () => {
    controller.abort();
    await done;
  };
  return { events, seen, stop, summary: () => events.map((e) => `${e.type} ${e.reader}`) };
}

describe.each(RULES)(
  'GalssTransportProvider over the C stand-in, exchanges without exclusivity %s',
  (exclusivity) => {
    let mock: GalssMock;
    const cards = new Set<VpcdCard>();
    const stops: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const stop of stops.splice(0)) await stop();
      for (const card of cards) await card.close();
      cards.clear();
      expect(mock.overlaps).toEqual([]);
      expect(exchangesOutsideExclusivity(mock.calls)).toEqual([]);
      await mock.close();
    });

    /** The stand-in for this test (`ini`: the site's galss.ini). */
    const site = async (ini?: string) => {
      mock = await startMock({ exclusivity, ...(ini ? { ini } : {}) });
      return mock;
    };
    const insert = async (resource: string, name = 'vitale2-single') => {
      const card = await insertCard(mock, resource, name === 'vitale2-single' ? vitale : await fixture(name));
      cards.add(card);
      await settle();
      return card;
    };
    const remove = async (card: VpcdCard) => {
      cards.delete(card);
      await card.close();
    };
    const watch = (pollIntervalMs: number) => {
      const w = watching(new GalssTransportProvider({ ...LIBRARIES, pollIntervalMs }));
      stops.push(w.stop);
      return w;
    };

    it('lists the resources of the info library, aliases merged', async () => {
      await site();
      const resources = await new GalssTransportProvider({ ...LIBRARIES }).resources();
      expect(resources.map((r) => [r.name, r.aliases, r.lad, r.channelType])).toEqual([
        ['CPS', ['TRANSPA1'], 1, 3],
        ['Vitale', ['TRANSPA2'], 2, 3],
      ]);
    });

    it('lists readers with their cards and aliases, and opens one by name', async () => {
      await site();
      await insert('Vitale');
      const provider = new GalssTransportProvider({ ...LIBRARIES });
      const readers = await provider.listReaders();
      expect(readers.map((r) => [r.name, r.aliases, r.card && toHex(r.card.atr)])).toEqual([
        ['CPS', ['TRANSPA1'], null],
        ['Vitale', ['TRANSPA2'], '3B751300004709EA9000'],
      ]);
      const transport = await provider.open('Vitale');
      expect(transport.kind).toBe('galss');
      await transport.close();
      await expect(provider.open('CPS')).rejects.toMatchObject({ code: 'NO_CARD' });
    });

    it('a held terminal is listed as held by its holder, and its card is not touched', async () => {
      await site();
      const card = await insert('Vitale');
      const release = mock.hold('Vitale', 'AUTRE_APPLI');
      stops.push(async () => release());
      const readers = await new GalssTransportProvider({ ...LIBRARIES }).listReaders();
      expect(readers.find((r) => r.name === 'Vitale')).toEqual({
        name: 'Vitale',
        aliases: ['TRANSPA2'],
        card: null,
        heldBy: 'AUTRE_APPLI',
      });
      expect(card.runner.apduCount).toBe(0);
      expect(mock.calls.filter((c) => c.op === 'Echange' && c.request?.startsWith('0002'))).toEqual([]);
    });

    it('watches by polling: current state first, then insertions, removals and same-model swaps', async () => {
      await site();
      let card = await insert('Vitale');
      const w = watch(50);
      await w.seen(3);
      const cps = await insert('CPS', 'cps');
      await w.seen(4);
      await remove(card);
      await w.seen(5);
      card = await insert('Vitale');
      await w.seen(6);
      // The same card model again: only the terminal's counter tells the swap.
      await remove(card);
      card = await insert('Vitale');
      await w.seen(8);
      await remove(cps);
      await w.stop();
      expect(w.summary().slice(0, 8)).toEqual([
        'reader-added CPS',
        'reader-added Vitale',
        'card-inserted Vitale',
        'card-inserted CPS',
        'card-removed Vitale',
        'card-inserted Vitale',
        'card-removed Vitale',
        'card-inserted Vitale',
      ]);
    });

    it('watch: a terminal taken by another application is held (never empty), then released', async () => {
      await site();
      const card = await insert('Vitale');
      const w = watch(30);
      await w.seen(3);
      const release = mock.hold('Vitale', 'AUTRE_APPLI');
      await w.seen(4);
      // Swapped while held: nothing is seen until it is released.
      await remove(card);
      await insert('Vitale');
      await new Promise((r) => setTimeout(r, 150));
      expect(w.events).toHaveLength(4);
      release();
      await w.seen(7);
      await w.stop();
      expect(w.events[3]).toEqual({ type: 'reader-held', reader: 'Vitale', holder: 'AUTRE_APPLI' });
      expect(w.summary().slice(3)).toEqual([
        'reader-held Vitale',
        'reader-released Vitale',
        'card-removed Vitale',
        'card-inserted Vitale',
      ]);
    });

    it('a named resource, by LAD name, alias or unique part: listed and watched alone', async () => {
      await site(RENAMED_SITE_INI);
      await insert('LECTVIT');
      for (const resource of ['LECTVIT', 'TRANSPA2', 'vit']) {
        const readers = await new GalssTransportProvider({ ...LIBRARIES, resource }).listReaders();
        expect(readers.map((r) => [r.name, r.aliases, r.card !== null])).toEqual([
          ['LECTVIT', ['TRANSPA2'], true],
        ]);
      }
    });

    it('a named resource GALSS does not have: NO_READER at once, naming those it has', async () => {
      await site(RENAMED_SITE_INI);
      const started = performance.now();
      const unknown = new GalssTransportProvider({ ...LIBRARIES, resource: 'Vitale' });
      await expect(unknown.listReaders()).rejects.toMatchObject({
        code: 'NO_READER',
        message: expect.stringContaining('LECTCPS or TRANSPA1, LECTVIT or TRANSPA2'),
      });
      const ambiguous = new GalssTransportProvider({ ...LIBRARIES, resource: 'LECT' });
      await expect(ambiguous.listReaders()).rejects.toMatchObject({
        code: 'NO_READER',
        message: expect.stringContaining('several'),
      });
      expect(performance.now() - started).toBeLessThan(500);
    });

    it('without the info library, a named resource is opened by its name; an unknown one is GALSS 2000', async () => {
      await site(RENAMED_SITE_INI);
      await insert('LECTVIT');
      const noInfo = { clientLibrary: LIBRARIES.clientLibrary, infoLibrary: '/nowhere/libgalinlux.so' };
      await expect(new GalssTransportProvider(noInfo).listReaders()).rejects.toMatchObject({
        code: 'LIBRARY_MISSING',
      });
      const readers = await new GalssTransportProvider({ ...noInfo, resource: 'TRANSPA2' }).listReaders();
      expect(readers.map((r) => [r.name, r.card !== null])).toEqual([['TRANSPA2', true]]);
      const unknown = new GalssTransportProvider({ ...noInfo, resource: 'Nope' });
      await expect(unknown.listReaders()).rejects.toMatchObject({
        code: 'NO_READER',
        nativeCode: 'GALSS 2000',
      });
    });

    it('ping: the server answers, by the resource or its conventional alias; nothing reaches a terminal', async () => {
      await site(RENAMED_SITE_INI);
      const provider = new GalssTransportProvider({ ...LIBRARIES });
      expect(await provider.ping()).toBe('TRANSPA2');
      await expect(provider.ping('Nope')).rejects.toMatchObject({
        code: 'NO_READER',
        nativeCode: 'GALSS 2000',
      });
      expect(mock.calls.filter((c) => c.op === 'Echange' || c.op === 'DebutExclusivite')).toEqual([]);
    });
  },
);

describe('GalssTransportProvider without a GALSS server', () => {
  it('ends the watch, and fails ping, with SERVICE_UNAVAILABLE', async () => {
    process.env.GALSS_MOCK_SOCKET = '/nonexistent/galss.sock';
    const provider = new GalssTransportProvider({ ...LIBRARIES });
    const iterate = async () => {
      for await (const _ of provider.watch()) {
        // nothing arrives
      }
    };
    await expect(iterate()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', nativeCode: 'GALSS 8002' });
    await expect(provider.ping()).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      nativeCode: 'GALSS 8002',
    });
  });
});
