import { deadline, fromHex, send, TransportError, type TransportErrorCode } from '@openvitale/transport';
import { loadProfile } from '@openvitale/virtual-card';
import type { VpcdCard } from '@openvitale/virtual-card/vpcd';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type GalssTransport,
  type GalssTransportOptions,
  GalssTransportProvider,
  openGalssTransport,
} from '../src/index.js';
import { insertCard, LIBRARIES, settle, startMock } from './support.js';

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

describe('faults through the C stand-in give typed errors with the native code', () => {
  let mock: Awaited<ReturnType<typeof startMock>>;
  let card: VpcdCard | undefined;
  const open: GalssTransport[] = [];
  const openTransport = async (options: GalssTransportOptions = {}) => {
    const transport = await openGalssTransport({ ...LIBRARIES, ...options });
    open.push(transport);
    return transport;
  };

  beforeAll(async () => {
    mock = await startMock();
  });
  afterEach(async () => {
    for (const transport of open.splice(0)) await transport.close();
    mock.setFault('Vitale', undefined);
    await card?.close();
    card = undefined;
    await settle();
  });
  afterAll(async () => {
    await mock.close();
  });

  const insert = async (options = {}) => {
    card = await insertCard(mock, 'Vitale', profile, options);
    await settle();
  };

  it('no card in the terminal: NO_CARD (CR 17)', async () => {
    expectError(await failure(openTransport()), 'NO_CARD', 'CR 17');
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

  it('exclusivity held by another application: SHARING_VIOLATION (GALSS 0004) at the caller deadline', async () => {
    await insert();
    const transport = await openTransport();
    mock.setFault('Vitale', 'exclusivity-held');
    using bound = deadline(300);
    const started = Date.now();
    const error = await failure(transport.session(async () => 1, { signal: bound.signal }));
    expectError(error, 'SHARING_VIOLATION', 'GALSS 0004');
    expect(error.message).toContain('AUTRE_LOGICIEL');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('exclusivity freed while waiting: the session goes on', async () => {
    await insert();
    const transport = await openTransport({ exclusivityRetryMs: 20 });
    mock.setFault('Vitale', 'exclusivity-held');
    setTimeout(() => mock.setFault('Vitale', undefined), 150);
    const sw = await transport.session(async (channel) =>
      send(channel, { cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: SELECT_VITALE.subarray(5) }),
    );
    expect(sw.sw).toBe(0x9000);
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

  it('a hung vendor call is given up at the caller deadline, the event loop free meanwhile', async () => {
    await insert();
    const transport = await openTransport({ exchangeSeconds: 20, closeTimeoutMs: 200 });
    mock.setFault('Vitale', 'no-answer');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    using bound = deadline(300);
    const started = Date.now();
    const error = await failure(transport.transmit(SELECT_VITALE, { signal: bound.signal }));
    clearInterval(timer);
    expect(error.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1500);
    expect(ticks).toBeGreaterThan(10);
  });

  it('closed transport: CLOSED', async () => {
    await insert();
    const transport = await openTransport();
    await transport.close();
    await transport.close();
    expect((await failure(transport.transmit(SELECT_VITALE))).code).toBe('CLOSED');
  });

  it('a second session on one transport fails at once with BUSY', async () => {
    await insert();
    const transport = await openTransport();
    let release!: () => void;
    const first = transport.session(() => new Promise<void>((r) => (release = r)));
    await settle();
    expect((await failure(transport.session(async () => 1))).code).toBe('BUSY');
    release();
    await first;
  });

  it('two transports of one process: the second gets another application name, and waits its turn', async () => {
    await insert();
    const a = await openTransport({ exclusivityRetryMs: 10 });
    const b = await openTransport({ exclusivityRetryMs: 10 });
    const order: string[] = [];
    const hold = (name: string, transport: GalssTransport) =>
      transport.session(async (channel) => {
        order.push(`${name} in`);
        await channel.transmit(SELECT_VITALE);
        await new Promise((r) => setTimeout(r, 100));
        order.push(`${name} out`);
      });
    await Promise.all([hold('a', a), hold('b', b)]);
    expect(order).toEqual(['a in', 'a out', 'b in', 'b out']);
  });
});
