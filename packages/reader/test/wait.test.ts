import { EventQueue, fromHex, type ReaderState, sleep, type TransportProvider } from '@openvitale/transport';
import { VirtualTransportProvider } from '@openvitale/virtual-card';
import { describe, expect, it } from 'vitest';
import { chooseReader, ReadError, readNextCard, waitForCard, watchCards } from '../src/index.js';
import { profile } from './support.js';

const VITALE2 = fromHex('3B7513000045 09EA9000');
const CPS4 = fromHex('3BDC18FF0000122500648000040100 9000');
const CONTACTLESS = fromHex('3B8F8001804F0CA000000306030001000000006A');
const UNKNOWN = fromHex('3B0214 50');

describe('chooseReader', () => {
  const states = [
    { name: 'Kapelse 0 (contactless)', card: { atr: CONTACTLESS } },
    { name: 'Lecteur 1 0', card: { atr: CPS4 } },
    { name: 'Lecteur 2 0', card: { atr: VITALE2 } },
    { name: 'Lecteur 3 0', card: null },
  ];

  it('finds the Vitale card by ATR, whatever the order and names', () => {
    expect(chooseReader(states).reader).toBe('Lecteur 2 0');
    expect(chooseReader([...states].reverse()).reader).toBe('Lecteur 2 0');
  });

  it('says what every slot holds', () => {
    expect(chooseReader(states).slots.map((s) => s.kind)).toEqual([
      'contactless',
      'cps',
      'vitale-2',
      'empty',
    ]);
  });

  it('tries an unknown card in a contact slot only when no Vitale ATR is there', () => {
    expect(chooseReader([{ name: 'A', card: { atr: UNKNOWN } }]).reader).toBe('A');
    expect(chooseReader([states[0]!, states[1]!]).reader).toBeNull();
  });

  it('takes a reader by exact name or unique part, and refuses an ambiguous part', () => {
    expect(chooseReader(states, 'Lecteur 2 0').reader).toBe('Lecteur 2 0');
    expect(chooseReader(states, 'lecteur 2').reader).toBe('Lecteur 2 0');
    expect(chooseReader(states, 'Lecteur 3').reader).toBeNull();
    expect(() => chooseReader(states, 'Lecteur')).toThrow(/matches several readers/);
  });

  it('takes a reader by one of its aliases, exactly or by a unique part', () => {
    const galss = [
      { name: 'LECTCPS', aliases: ['TRANSPA1'], card: { atr: CPS4 } },
      { name: 'LECTVIT', aliases: ['TRANSPA2'], card: { atr: VITALE2 } },
    ];
    expect(chooseReader(galss, 'TRANSPA2').reader).toBe('LECTVIT');
    expect(chooseReader(galss, 'pa2').reader).toBe('LECTVIT');
    expect(() => chooseReader(galss, 'TRANSPA')).toThrow(/matches several readers/);
  });

  it('passes over a held reader, and says it is the one the card may be in', () => {
    const held = [
      { name: 'CPS', card: null },
      { name: 'Vitale', card: { atr: VITALE2 }, heldBy: 'AUTRE_APPLI' },
    ];
    const auto = chooseReader(held);
    expect(auto.reader).toBeNull();
    expect(auto.slots.map((s) => s.description)).toEqual(['is empty', 'held by "AUTRE_APPLI"']);
    expect(auto.held.map((s) => s.reader)).toEqual(['Vitale']);
    expect(chooseReader(held, 'Vitale')).toMatchObject({ reader: null, held: [{ reader: 'Vitale' }] });
    expect(chooseReader(held, 'CPS').held).toEqual([]);
  });
});

/** A provider that takes `ms` to look at its readers (a GALSS presence test per slot), then sees no change. */
function slowProvider(states: ReaderState[], ms: number): TransportProvider & { looks: number } {
  const provider = {
    kind: 'slow',
    looks: 0,
    async listReaders(options: { signal?: AbortSignal } = {}) {
      provider.looks++;
      await sleep(ms, options.signal);
      return states;
    },
    open: () => Promise.reject(new Error('not used')),
    watch: (options: { signal?: AbortSignal } = {}) => new EventQueue<never>(options.signal),
  };
  return provider;
}

describe('waitForCard and readNextCard', () => {
  it('waits for the card to be inserted, then reads it', async () => {
    const provider = new VirtualTransportProvider({ readers: ['CPS slot', 'Vitale slot'] });
    provider.insert('CPS slot', await profile('cps'));
    const card = await profile('vitale2-family');
    setTimeout(() => provider.insert('Vitale slot', card), 30);
    const read = await readNextCard(provider, { waitTimeoutMs: 2000 });
    expect(read.reader).toBe('Vitale slot');
    expect(read.card.persons.length).toBeGreaterThan(1);
  });

  it('no card within the deadline: NO_CARD saying what each reader holds', async () => {
    const provider = new VirtualTransportProvider({ readers: ['CPS slot', 'Vitale slot'] });
    provider.insert('CPS slot', await profile('cps'));
    const error = await waitForCard(provider, { waitTimeoutMs: 50 }).catch((e: unknown) => e);
    expect(ReadError.isInstance(error) && error.code).toBe('NO_CARD');
    expect((error as Error).message).toMatch(
      /^No Vitale card within 0 s: "CPS slot" holds a health-professional card \(CPS\), not a Vitale card; "Vitale slot" is empty: insert the carte Vitale/,
    );
    provider.insert('Vitale slot', await profile('vitale2-single'));
    await expect(readNextCard(provider, { waitTimeoutMs: 100 })).resolves.toMatchObject({
      reader: 'Vitale slot',
    });
  });

  it('a wait of 0 looks once, now: a card there is found, none is NO_CARD at once', async () => {
    const withCard = slowProvider([{ name: 'Vitale', card: { atr: VITALE2 } }], 30);
    await expect(waitForCard(withCard, { waitTimeoutMs: 0 })).resolves.toBe('Vitale');
    const empty = slowProvider([{ name: 'Vitale', card: null }], 30);
    const started = performance.now();
    await expect(waitForCard(empty, { waitTimeoutMs: 0 })).rejects.toMatchObject({ code: 'NO_CARD' });
    expect(performance.now() - started).toBeLessThan(500);
    expect(empty.looks).toBe(1);
  });

  it('a reader held past the deadline: SHARING_VIOLATION naming the holder, not NO_CARD', async () => {
    const held = slowProvider([{ name: 'Vitale', card: null, heldBy: 'AUTRE_APPLI' }], 1);
    const error = await waitForCard(held, { waitTimeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SHARING_VIOLATION', step: 'wait-for-card' });
    expect((error as Error).message).toMatch(/"Vitale" held by "AUTRE_APPLI"/);
  });

  it('no reader at all: NO_READER at once, or at the deadline when asked to wait for one', async () => {
    const provider = new VirtualTransportProvider({ readers: [] });
    const started = performance.now();
    await expect(waitForCard(provider, { waitTimeoutMs: 60_000 })).rejects.toMatchObject({
      code: 'NO_READER',
      step: 'choose-reader',
      message:
        'No card reader is connected: connect a card reader, then try again (or wait for one with waitForReader)',
    });
    expect(performance.now() - started).toBeLessThan(5_000);
    await expect(waitForCard(provider, { waitTimeoutMs: 30, waitForReader: true })).rejects.toMatchObject({
      code: 'NO_READER',
      step: 'wait-for-card',
    });
  });

  it('a reader name that matches none: NO_READER at once, naming the readers present', async () => {
    const provider = new VirtualTransportProvider({ readers: ['Lecteur 1 0', 'Lecteur 2 0'] });
    const started = performance.now();
    const error = await waitForCard(provider, { reader: 'nothere', waitTimeoutMs: 60_000 }).catch(
      (e: unknown) => e,
    );
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(error).toMatchObject({ code: 'NO_READER', step: 'choose-reader' });
    expect((error as Error).message).toBe(
      'No reader matches "nothere"; readers present: "Lecteur 1 0", "Lecteur 2 0": give one of these names or a unique part of one (or wait for it with waitForReader)',
    );
  });

  it('waitForReader: a reader plugged in during the wait is read', async () => {
    const provider = new VirtualTransportProvider({ readers: [] });
    const card = await profile('vitale2-single');
    setTimeout(() => {
      provider.addReader('Gemalto PC Twin Reader 00 00');
      provider.insert('Gemalto PC Twin Reader 00 00', card);
    }, 30);
    const read = await readNextCard(provider, { reader: 'twin', waitForReader: true, waitTimeoutMs: 5_000 });
    expect(read.reader).toBe('Gemalto PC Twin Reader 00 00');
  });

  it('an abort ends the wait with ABORTED', async () => {
    const provider = new VirtualTransportProvider({ readers: ['A'] });
    await expect(waitForCard(provider, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'ABORTED',
    });
  });

  it('reads the full card on request', async () => {
    const provider = new VirtualTransportProvider({ readers: ['A'] });
    provider.insert('A', await profile('vitale2-single'));
    const read = await readNextCard(provider, { scope: 'full', waitTimeoutMs: 100 });
    expect(read.scope).toBe('full');
    expect(read.card.directory).not.toBeNull();
  });
});

describe('watchCards', () => {
  it('reads each inserted card and reports results and errors, one event at a time', async () => {
    const provider = new VirtualTransportProvider({ readers: ['A'] });
    const controller = new AbortController();
    const events: string[] = [];
    const done = (async () => {
      for await (const event of watchCards(provider, { signal: controller.signal })) {
        events.push(
          event.type === 'read-result'
            ? `read ${event.read.card.persons.length}`
            : event.type === 'read-error'
              ? `error ${event.error.code}`
              : event.type,
        );
        if (events.length === 9) controller.abort();
      }
    })();
    const single = await profile('vitale2-single');
    const cps = await profile('cps');
    await new Promise((r) => setTimeout(r, 10));
    provider.insert('A', single);
    await new Promise((r) => setTimeout(r, 20));
    provider.remove('A');
    provider.insert('A', cps);
    await new Promise((r) => setTimeout(r, 20));
    provider.remove('A');
    provider.insert('A', single, { faults: [{ type: 'remove-before', apdu: 2 }] });
    await done;
    expect(events).toEqual([
      'reader-added',
      'card-inserted',
      'read 1',
      'card-removed',
      'card-inserted',
      'card-removed',
      'card-inserted',
      'error CARD_REMOVED',
      'card-removed',
    ]);
  });

  it.each([
    [
      'matches no reader',
      'Gemalto',
      /No reader matches "Gemalto"; readers present: "Lecteur 1 0", "Lecteur 2 0"/,
    ],
    ['matches several', 'Lecteur', /"Lecteur" matches several readers \("Lecteur 1 0", "Lecteur 2 0"\)/],
    ['is empty', '', /An empty reader name/],
    [
      'is 100 KB with a newline',
      `x\n${'y'.repeat(100_000)}`,
      /^No reader matches "x\\ny{118}… \(99882 more characters\)"/,
    ],
  ])(
    'fails at once with NO_READER when the reader named %s, instead of watching for ever',
    async (_what, reader, message) => {
      const provider = new VirtualTransportProvider({ readers: ['Lecteur 1 0', 'Lecteur 2 0'] });
      const events: unknown[] = [];
      const error = await (async () => {
        for await (const event of watchCards(provider, { reader, signal: AbortSignal.timeout(2000) }))
          events.push(event);
      })().catch((e: unknown) => e);
      expect(ReadError.isInstance(error) && error.code).toBe('NO_READER');
      expect((error as Error).message).toMatch(message);
      expect(events).toEqual([]);
    },
  );
});
