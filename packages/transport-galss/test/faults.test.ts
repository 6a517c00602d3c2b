import { deadline, fromHex, send, TransportError, type TransportErrorCode } from '@openvitale/transport';
import { loadProfile } from '@openvitale/virtual-card';
import type { VpcdCard } from '@openvitale/virtual-card/vpcd';
import { exchangesOutsideExclusivity, sessionsOf } from '@openvitale-tools/galss-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type GalssTransport,
  type GalssTransportOptions,
  GalssTransportProvider,
  openGalssTransport,
} from '../src/index.js';
import { insertCard, LIBRARIES, RULES, runScript, settle, startMock } from './support.js';

const profile = await loadProfile(new URL('../../../fixtures/cards/vitale2-single.json', import.meta.url));
const SELECT_VITALE = fromHex('00A4040C0BD250000002564954414C45');

async function failure(work: Promise<unknown>): Promise<TransportError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!TransportError.isInstance(error)) throw new Error(`expected a TransportError, got ${String(error)}`);
  return error;
}

function expectError(error: TransportError, code: TransportErrorCode, nativeCode: string): void {
  expect({ code: error.code, nativeCode: error.nativeCode }).toEqual({ code, nativeCode });
}

describe.each(RULES)('through the C stand-in, exchanges without exclusivity %s', (exclusivity) => {
  let mock: Awaited<ReturnType<typeof startMock>>;
  let card: VpcdCard | undefined;
  let release: (() => void) | undefined;
  const open: GalssTransport[] = [];
  const openTransport = async (options: GalssTransportOptions = {}) => {
    const transport = await openGalssTransport({ ...LIBRARIES, ...options });
    open.push(transport);
    return transport;
  };

  beforeAll(async () => {
    mock = await startMock({ exclusivity });
  });
  afterEach(async () => {
    release?.();
    release = undefined;
    for (const transport of open.splice(0)) await transport.close();
    mock.setFault('Vitale', undefined);
    await card?.close();
    card = undefined;
    await settle();
    expect(mock.overlaps).toEqual([]);
    expect(exchangesOutsideExclusivity(mock.calls)).toEqual([]);
    mock.clearCalls();
  });
  afterAll(async () => {
    await mock.close();
  });

  const insert = async (options = {}) => {
    card = await insertCard(mock, 'Vitale', profile, options);
    await settle();
  };

  it('follows the public sequence: exclusivity before the card is touched, given back last', async () => {
    await insert();
    const transport = await openTransport();
    const lines = await transport.session((channel) => runScript(channel));
    expect(lines.every((line) => !line.startsWith('error'))).toBe(true);
    await transport.close();
    const [calls] = [...sessionsOf(mock.calls).values()];
    expect(calls?.slice(0, 4)).toEqual(['OuvrirSession -', 'DebutExclusivite 0', 'Echange 16', 'Echange 14']);
    expect(calls?.slice(-3)).toEqual(['Echange 15', 'FinExclusivite 0', 'FermerSession 0']);
    expect(new Set(calls?.slice(4, -3))).toEqual(new Set(['Echange 00', 'Echange 01']));
  });

  it("the README's example runs as written", async () => {
    await insert();
    const transport = await openGalssTransport({
      ...LIBRARIES,
      resource: 'Vitale',
      signal: AbortSignal.timeout(10_000),
    });
    let read: Uint8Array | undefined;
    try {
      await transport.session(async (card) => {
        await send(card, {
          cla: 0,
          ins: 0xa4,
          p1: 0x04,
          p2: 0x0c,
          data: Uint8Array.of(0xd2, 0x50, 0, 0, 2, 0x56, 0x49, 0x54, 0x41, 0x4c, 0x45),
        });
        const { data } = await send(
          card,
          { cla: 0, ins: 0xb0, p1: 0x82, p2: 0, le: 256 },
          { accept: [0x9000, '62XX'] },
        );
        read = data;
      });
    } finally {
      await transport.close();
    }
    expect(read?.length).toBeGreaterThan(0);
    const provider = new GalssTransportProvider({ ...LIBRARIES, pollIntervalMs: 500 });
    expect((await provider.resources()).map((r) => r.name)).toEqual(['CPS', 'Vitale']);
    expect((await provider.listReaders()).map((r) => r.card !== null)).toEqual([false, true]);
    expect(await provider.ping()).toBe('Vitale');
    const controller = new AbortController();
    const events: string[] = [];
    for await (const event of provider.watch({ signal: controller.signal })) {
      events.push(event.type);
      if (events.length === 3) controller.abort();
    }
    expect(events).toEqual(['reader-added', 'reader-added', 'card-inserted']);
  });

  it('no card in the terminal: NO_CARD from the presence test, and no power-on', async () => {
    expectError(await failure(openTransport()), 'NO_CARD', 'state 0');
    expect(mock.calls.filter((c) => c.op === 'Echange').map((c) => c.request)).toEqual(['000216']);
  });

  it('unknown resource: NO_READER (GALSS 2000), every name tried', async () => {
    const error = await failure(openTransport({ resource: 'Nope', aliases: ['Nada'] }));
    expectError(error, 'NO_READER', 'GALSS 2000');
    expect(error.message).toContain('"Nope" or "Nada"');
  });

  it('server not started: SERVICE_UNAVAILABLE (GALSS 8002)', async () => {
    const socket = process.env.GALSS_MOCK_SOCKET;
    process.env.GALSS_MOCK_SOCKET = '/nonexistent/galss-mock.sock';
    try {
      expectError(await failure(openTransport()), 'SERVICE_UNAVAILABLE', 'GALSS 8002');
    } finally {
      process.env.GALSS_MOCK_SOCKET = socket;
    }
  });

  it('missing library: LIBRARY_MISSING naming what was looked for', async () => {
    const error = await failure(openGalssTransport({ clientLibrary: '/nowhere/libgalcllux.so' }));
    expect(error.code).toBe('LIBRARY_MISSING');
    expect(error.message).toContain('/nowhere/libgalcllux.so');
  });

  it('a library that is not the GALSS client (or info) library: LIBRARY_MISSING saying so', async () => {
    const client = await failure(openGalssTransport({ clientLibrary: LIBRARIES.infoLibrary }));
    expect(client.code).toBe('LIBRARY_MISSING');
    expect(client.message).toMatch(/is not a GALSS client library: it has no OuvrirSession function/);
    const info = await failure(
      new GalssTransportProvider({ ...LIBRARIES, infoLibrary: LIBRARIES.clientLibrary }).listReaders(),
    );
    expect(info.code).toBe('LIBRARY_MISSING');
    expect(info.message).toMatch(/is not a GALSS info library: it has no DonneNombreRessources function/);
  });

  it('falls back on the alias when the resource name is unknown', async () => {
    await insert();
    const transport = await openTransport({ resource: 'VitaleX', aliases: ['TRANSPA2'] });
    expect(transport.reader).toBe('TRANSPA2');
    expect(transport.lad).toBe(2);
  });

  it('held by another application: SHARING_VIOLATION naming it at the deadline, the card untouched', async () => {
    await insert();
    release = mock.hold('Vitale', 'AUTRE_APPLI');
    using bound = deadline(300);
    const started = performance.now();
    const error = await failure(openTransport({ signal: bound.signal, exclusivityRetryMs: 20 }));
    expectError(error, 'SHARING_VIOLATION', 'GALSS 0004');
    expect(error.message).toContain('"AUTRE_APPLI"');
    expect(performance.now() - started).toBeLessThan(1500);
    expect(mock.calls.filter((c) => c.op === 'Echange')).toEqual([]);
  });

  it('held, with AbortSignal.timeout() as the deadline: still SHARING_VIOLATION, not ABORTED', async () => {
    await insert();
    release = mock.hold('Vitale');
    const error = await failure(openTransport({ signal: AbortSignal.timeout(200) }));
    expectError(error, 'SHARING_VIOLATION', 'GALSS 0004');
  });

  it('held, with no deadline of the caller: bounded by exclusivityTimeoutMs', async () => {
    await insert();
    release = mock.hold('Vitale');
    const error = await failure(openTransport({ exclusivityTimeoutMs: 200 }));
    expectError(error, 'SHARING_VIOLATION', 'GALSS 0004');
  });

  it('held, then released while waiting: the open goes on and the card is read', async () => {
    await insert();
    release = mock.hold('Vitale');
    const free = release;
    setTimeout(free, 300);
    const started = performance.now();
    const transport = await openTransport({ exclusivityRetryMs: 20 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    const { sw } = await transport.session((channel) =>
      send(channel, { cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: SELECT_VITALE.subarray(5) }),
    );
    expect(sw).toBe(0x9000);
  });

  it('counter mismatch once (the terminal renumbered a powered card): retried with the fresh counter', async () => {
    await insert();
    const transport = await openTransport();
    const before = transport.counter;
    mock.setFault('Vitale', 'counter-mismatch-once');
    const response = await transport.transmit(SELECT_VITALE);
    expect(response).toEqual(Uint8Array.of(0x90, 0x00));
    expect(transport.counter).not.toBe(before);
  });

  it('counter mismatch again after the retry: CARD_REMOVED (CR 16)', async () => {
    await insert();
    const transport = await openTransport();
    mock.setFault('Vitale', 'counter-mismatch');
    expectError(await failure(transport.transmit(SELECT_VITALE)), 'CARD_REMOVED', 'CR 16');
  });

  it('card swapped for another: CARD_REMOVED, not a command sent to the new card', async () => {
    await insert();
    const transport = await openTransport();
    await card?.close();
    await settle();
    await insert();
    expectError(await failure(transport.transmit(SELECT_VITALE)), 'CARD_REMOVED', 'CR 16');
    expect(card?.runner.apduCount).toBe(0);
  });

  it('card pulled out: CARD_REMOVED (CR 17 after power-up)', async () => {
    await insert();
    const transport = await openTransport();
    await card?.close();
    card = undefined;
    await settle();
    expectError(await failure(transport.transmit(SELECT_VITALE)), 'CARD_REMOVED', 'CR 17');
  });

  it('mute card (terminal says so): CARD_MUTE (CR 11)', async () => {
    await insert();
    mock.setFault('Vitale', 'mute');
    expectError(await failure(openTransport()), 'CARD_MUTE', 'CR 11');
  });

  it('mute card (the virtual card stops answering): CARD_MUTE (CR 11) after the terminal waited', async () => {
    await insert({ faults: [{ type: 'mute', apdu: 1 }] });
    const transport = await openTransport();
    expectError(await failure(transport.transmit(SELECT_VITALE)), 'CARD_MUTE', 'CR 11');
  });

  it('no answer within the time limit: TIMEOUT (GALSS 0100) from the library', async () => {
    await insert();
    const transport = await openTransport({ exchangeSeconds: 1 });
    mock.setFault('Vitale', 'no-answer');
    expectError(await failure(transport.transmit(SELECT_VITALE)), 'TIMEOUT', 'GALSS 0100');
  });

  it('a hung exchange: given up at the deadline, its maxSeconds from it, nothing sent until it ends', async () => {
    await insert();
    const transport = await openTransport({ exchangeSeconds: 20 });
    mock.setFault('Vitale', 'hang-card-commands');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    using bound = deadline(300);
    const started = performance.now();
    const error = await failure(transport.transmit(SELECT_VITALE, { signal: bound.signal }));
    clearInterval(timer);
    expect(error.code).toBe('TIMEOUT');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(ticks).toBeGreaterThan(10);
    // The library gives the exchange up after maxSeconds = 1 (300 ms rounded up); close waits for that.
    await transport.close();
    const closed = performance.now() - started;
    expect(closed).toBeGreaterThanOrEqual(900);
    expect(closed).toBeLessThan(2000);
    const [calls] = [...sessionsOf(mock.calls).values()];
    expect(calls?.slice(-3)).toEqual(['Echange 00', 'FinExclusivite 0', 'FermerSession 0']);
  });

  it('a call given up on keeps later calls on its session waiting, not overlapping it', async () => {
    await insert();
    const transport = await openTransport();
    mock.setFault('Vitale', 'hang-card-commands');
    using first = deadline(100);
    await failure(transport.transmit(SELECT_VITALE, { signal: first.signal }));
    mock.setFault('Vitale', undefined);
    const started = performance.now();
    // This one waits for the hung one (maxSeconds 1) to end, then goes through.
    expect(await transport.transmit(SELECT_VITALE)).toEqual(Uint8Array.of(0x90, 0x00));
    expect(performance.now() - started).toBeGreaterThan(700);
  });

  it('closed transport: CLOSED', async () => {
    await insert();
    const transport = await openTransport();
    await transport.close();
    await transport.close();
    expect(transport.closed).toBe(true);
    expect((await failure(transport.transmit(SELECT_VITALE))).code).toBe('CLOSED');
  });

  it('a second session on one transport fails at once with BUSY', async () => {
    await insert();
    const transport = await openTransport();
    let done!: () => void;
    const first = transport.session(() => new Promise<void>((r) => (done = r)));
    await settle();
    expect((await failure(transport.session(async () => 1))).code).toBe('BUSY');
    done();
    await first;
  });

  it('two transports of one process: the second gets another application name, and waits its turn', async () => {
    await insert();
    const a = await openTransport({ exclusivityRetryMs: 10 });
    const order: string[] = [];
    const opening = openTransport({ exclusivityRetryMs: 10 }).then((b) => {
      order.push('b open');
      return b;
    });
    await new Promise((r) => setTimeout(r, 100));
    await a.session((channel) => channel.transmit(SELECT_VITALE));
    order.push('a closing');
    await a.close();
    const b = await opening;
    expect(order).toEqual(['a closing', 'b open']);
    expect(await b.transmit(SELECT_VITALE)).toEqual(Uint8Array.of(0x90, 0x00));
  });
});
