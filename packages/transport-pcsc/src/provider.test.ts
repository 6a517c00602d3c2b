import { type ReaderEvent, TransportError, type TransportEvent } from '@openvitale/transport';
import { describe, expect, it } from 'vitest';
import { FakePcsc, fail } from '../test/fake-binding.js';
import { PNP_NOTIFICATION } from './binding/port.js';
import { createPcscProvider } from './provider.js';

const ATR = [0x3b, 0x65, 0x00, 0x00];
const FAST = { attempts: 3, intervalMs: 10 };

function stack() {
  const pcsc = new FakePcsc();
  pcsc.plug('Reader A', ATR);
  pcsc.plug('Reader B');
  return {
    pcsc,
    provider: createPcscProvider({
      binding: pcsc,
      sharingRetry: FAST,
      pollIntervalMs: 50,
      recoveryIntervalMs: 20,
    }),
  };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (e: unknown) => (TransportError.isInstance(e) ? e.code : String(e)),
  );

describe('provider', () => {
  it('lists readers with the ATR of their card', async () => {
    const { provider } = stack();
    const readers = await provider.listReaders();
    expect(readers.map((r) => [r.name, r.card?.atr])).toEqual([
      ['Reader A', Uint8Array.from(ATR)],
      ['Reader B', undefined],
    ]);
  });

  it('loads the binding lazily: nothing is loaded before first use', async () => {
    let loads = 0;
    const provider = createPcscProvider({
      binding: async () => {
        loads++;
        return new FakePcsc();
      },
    });
    expect(loads).toBe(0);
    await provider.listReaders();
    await provider.listReaders();
    expect(loads).toBe(1);
  });

  it('fails with SERVICE_UNAVAILABLE when pcscd is not running', async () => {
    const { pcsc, provider } = stack();
    pcsc.stop();
    const error = await provider.listReaders().catch((e: unknown) => e as TransportError);
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', nativeCode: 'SCARD_E_NO_SERVICE' });
    expect((error as Error).message).toMatch(/PC\/SC service is not running/);
  });

  it('re-establishes its context after pcscd restarted between two calls', async () => {
    const { pcsc, provider } = stack();
    await provider.listReaders();
    pcsc.stop();
    pcsc.start();
    expect((await provider.listReaders()).length).toBe(2);
    expect(pcsc.contexts).toBe(2);
  });

  it('re-establishes its context when the library no longer knows it, whatever the failing call said', async () => {
    const { pcsc, provider } = stack();
    await provider.listReaders();
    pcsc.forgotten = true;
    pcsc.failNext('listReaders', 'SCARD_F_UNKNOWN_ERROR');
    expect((await provider.listReaders()).length).toBe(2);
    expect(pcsc.contexts).toBe(2);
    pcsc.forgotten = false;
  });

  it('opens in shared mode and closes with a reset', async () => {
    const { pcsc, provider } = stack();
    const transport = await provider.open('Reader A');
    expect(transport.kind).toBe('pcsc');
    expect(transport.atr).toEqual(Uint8Array.from(ATR));
    expect(pcsc.log).toContain('connect Reader A shared');
    await transport.close();
    await transport.close();
    expect(pcsc.log.filter((l) => l.startsWith('reconnect ') || l.startsWith('disconnect '))).toEqual([
      'disconnect reset',
    ]);
    expect(await codeOf(transport.transmit(Uint8Array.of(0, 0xb0, 0, 0, 0)))).toBe('CLOSED');
  });

  it('opens by a unique part of the name', async () => {
    const { pcsc, provider } = stack();
    pcsc.insert('Reader B', ATR);
    expect((await provider.open('der b')).reader).toBe('Reader B');
  });

  it('opens auto: the reader whose card the predicate accepts', async () => {
    const { pcsc, provider } = stack();
    pcsc.insert('Reader B', [0x3b, 0x7d]);
    const transport = await provider.open('auto', { accept: (atr) => atr[1] === 0x7d });
    expect(transport.reader).toBe('Reader B');
  });

  it('reports an empty reader as NO_CARD', async () => {
    const { provider } = stack();
    expect(await codeOf(provider.open('Reader B'))).toBe('NO_CARD');
  });

  it('retries a sharing violation, then succeeds once the other application let go', async () => {
    const { pcsc, provider } = stack();
    pcsc.failNext('connect', 'SCARD_E_SHARING_VIOLATION', 'SCARD_E_SHARING_VIOLATION');
    const transport = await provider.open('Reader A');
    expect(transport.reader).toBe('Reader A');
    expect(pcsc.log.filter((l) => l === 'connect')).toHaveLength(3);
  });

  it('gives up on a sharing violation after the bounded retries, saying another application holds the reader', async () => {
    const { pcsc, provider } = stack();
    pcsc.failNext('connect', ...Array(5).fill('SCARD_E_SHARING_VIOLATION'));
    const error = await provider.open('Reader A').catch((e: unknown) => e as TransportError);
    expect(error).toMatchObject({ code: 'SHARING_VIOLATION', nativeCode: 'SCARD_E_SHARING_VIOLATION' });
    expect((error as Error).message).toMatch(
      /Another application holds the reader "Reader A" \(still after 3 attempts/,
    );
    expect(pcsc.log.filter((l) => l === 'connect')).toHaveLength(3);
  });

  it('stops retrying a sharing violation when the caller’s signal aborts', async () => {
    const pcsc = new FakePcsc();
    pcsc.plug('Reader A', ATR);
    const provider = createPcscProvider({ binding: pcsc, sharingRetry: { attempts: 100, intervalMs: 20 } });
    pcsc.failNext('connect', ...Array(100).fill('SCARD_E_SHARING_VIOLATION'));
    const started = Date.now();
    const error = await provider
      .open('Reader A', { signal: AbortSignal.timeout(70) })
      .catch((e: unknown) => e as TransportError);
    expect(Date.now() - started).toBeLessThan(1000);
    expect((error as TransportError).code).toMatch(/ABORTED|TIMEOUT/);
    expect(pcsc.log.filter((l) => l === 'connect').length).toBeLessThan(10);
  });
});

describe('transport', () => {
  it('emits raw exchanges and errors as events', async () => {
    const { pcsc, provider } = stack();
    const transport = await provider.open('Reader A');
    const events: TransportEvent[] = [];
    transport.onEvent((e) => events.push(e));
    pcsc.answer = () => Uint8Array.of(0x6a, 0x82);
    expect(await transport.transmit(Uint8Array.of(0, 0xa4, 0, 0))).toEqual(Uint8Array.of(0x6a, 0x82));
    pcsc.remove('Reader A');
    expect(await codeOf(transport.transmit(Uint8Array.of(0, 0xb0, 0, 0)))).toBe('CARD_REMOVED');
    expect(events.map((e) => e.type)).toEqual(['exchange', 'exchange-error']);
  });

  it('tells a card pulled mid-exchange (a failed exchange, then the card gone) as CARD_REMOVED', async () => {
    const { pcsc, provider } = stack();
    const transport = await provider.open('Reader A');
    pcsc.answer = () => {
      // As vpcd does: the exchange fails, and pcscd learns of the removal at its next poll.
      setTimeout(() => pcsc.remove('Reader A'), 150);
      throw fail('SCARD_E_NOT_TRANSACTED');
    };
    expect(await codeOf(transport.transmit(Uint8Array.of(0, 0xb0, 0, 0)))).toBe('CARD_REMOVED');
  });

  it('keeps a failed exchange with the card still there as PROTOCOL', async () => {
    const { pcsc, provider } = stack();
    const transport = await provider.open('Reader A');
    pcsc.answer = () => {
      throw fail('SCARD_E_NOT_TRANSACTED');
    };
    expect(await codeOf(transport.transmit(Uint8Array.of(0, 0xb0, 0, 0)))).toBe('PROTOCOL');
    pcsc.answer = () => new Uint8Array(0);
    expect(await codeOf(transport.transmit(Uint8Array.of(0, 0xb0, 0, 0)))).toBe('PROTOCOL');
  });

  it('gives each transport a PC/SC context of its own, released when it closes', async () => {
    const { pcsc, provider } = stack();
    await provider.listReaders();
    const before = pcsc.contexts;
    const transport = await provider.open('Reader A');
    expect(pcsc.contexts).toBe(before + 1);
    const closes = pcsc.log.filter((l) => l === 'close').length;
    await transport.close();
    expect(pcsc.log.filter((l) => l === 'close').length).toBe(closes + 1);
  });

  it('fails a session with SHARING_VIOLATION when the transaction stays refused, and runs one once it is not', async () => {
    const { pcsc, provider } = stack();
    const transport = await provider.open('Reader A');
    pcsc.failNext('beginTransaction', ...Array(3).fill('SCARD_E_SHARING_VIOLATION'));
    let ran = false;
    const error = await transport
      .session(async () => {
        ran = true;
      })
      .catch((e: unknown) => e as TransportError);
    expect(error).toMatchObject({ code: 'SHARING_VIOLATION' });
    expect(ran).toBe(false);
    expect(pcsc.log.filter((l) => l === 'begin' || l.startsWith('end '))).toEqual([]);
    expect(await transport.session(async () => 'done')).toBe('done');
  });

  it('ends a transaction the work leaves idle past the limit; its later exchanges fail with TIMEOUT', async () => {
    const pcsc = new FakePcsc();
    pcsc.plug('Reader A', ATR);
    const provider = createPcscProvider({ binding: pcsc, sessionIdleLimitMs: 50 });
    const transport = await provider.open('Reader A');
    let slow = true;
    pcsc.answer = async () => {
      // An exchange in flight is never idle, however long the card takes.
      if (slow) await new Promise((r) => setTimeout(r, 80));
      return Uint8Array.of(0x90, 0x00);
    };
    const failed = await transport
      .session(async (channel) => {
        await channel.transmit(Uint8Array.of(0, 0xb0, 0, 0));
        expect(pcsc.log.filter((l) => l.startsWith('end '))).toEqual([]);
        slow = false;
        await new Promise((r) => setTimeout(r, 120));
        expect(pcsc.log.filter((l) => l.startsWith('end '))).toEqual(['end leave']);
        await channel.transmit(Uint8Array.of(0, 0xb0, 0, 0));
      })
      .catch((e: unknown) => e);
    expect(failed).toMatchObject({
      code: 'TIMEOUT',
      summary: expect.stringMatching(/idle for more than 50 ms, so its transaction was ended/),
      action: 'exchange the commands back to back and do slow work outside the session',
    });
    expect(pcsc.log.filter((l) => l.startsWith('end '))).toEqual(['end leave']);
    expect(await transport.session((channel) => channel.transmit(Uint8Array.of(0, 0xb0, 0, 0)))).toEqual(
      Uint8Array.of(0x90, 0x00),
    );
  });

  it('runs a session inside a transaction, always ended, and refuses a second one with BUSY', async () => {
    const { pcsc, provider } = stack();
    const transport = await provider.open('Reader A');
    let inner: string | undefined;
    await transport.session(async (channel) => {
      await channel.transmit(Uint8Array.of(0, 0xb0, 0, 0));
      inner = await codeOf(transport.session(async () => 1));
    });
    expect(inner).toBe('BUSY');
    await expect(
      transport.session(async () => {
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    expect(pcsc.log.filter((l) => l === 'begin' || l === 'end leave')).toEqual([
      'begin',
      'end leave',
      'begin',
      'end leave',
    ]);
  });

  it('takes a reset by another application in its stride when starting a transaction', async () => {
    const { pcsc, provider } = stack();
    const transport = await provider.open('Reader A');
    const events: TransportEvent[] = [];
    transport.onEvent((e) => events.push(e));
    pcsc.failNext('beginTransaction', 'SCARD_W_RESET_CARD');
    expect(await transport.session(async () => 'done')).toBe('done');
    expect(pcsc.log).toContain('reconnect shared leave');
    expect(events).toEqual([{ type: 'reset', atr: Uint8Array.from(ATR) }]);
  });

  it('retries a sharing violation when starting the transaction', async () => {
    const { pcsc, provider } = stack();
    const transport = await provider.open('Reader A');
    pcsc.failNext('beginTransaction', 'SCARD_E_SHARING_VIOLATION');
    expect(await transport.session(async () => 'done')).toBe('done');
  });

  it('reset reconnects with a reset, emits it and returns the ATR', async () => {
    const { pcsc, provider } = stack();
    const transport = await provider.open('Reader A');
    const events: TransportEvent[] = [];
    transport.onEvent((e) => events.push(e));
    expect(await transport.reset()).toEqual(Uint8Array.from(ATR));
    expect(pcsc.log).toContain('reconnect shared reset');
    expect(events).toEqual([{ type: 'reset', atr: Uint8Array.from(ATR) }]);
  });

  it('reset connects again after pcscd restarted under an open transport', async () => {
    const { pcsc, provider } = stack();
    const transport = await provider.open('Reader A');
    pcsc.stop();
    pcsc.start();
    expect(await codeOf(transport.transmit(Uint8Array.of(0, 0xb0, 0, 0)))).toBe('CLOSED');
    await transport.reset();
    expect(await transport.transmit(Uint8Array.of(0, 0xb0, 0, 0))).toEqual(Uint8Array.of(0x90, 0));
  });
});

async function take(events: AsyncIterator<ReaderEvent>, count: number): Promise<string[]> {
  const out: string[] = [];
  while (out.length < count) {
    const { value, done } = await events.next();
    if (done) break;
    out.push(`${value.type} ${value.reader}`);
  }
  return out;
}

describe('watch', () => {
  it('reports the current state first, then each change', async () => {
    const { pcsc, provider } = stack();
    const controller = new AbortController();
    const events = provider.watch({ signal: controller.signal })[Symbol.asyncIterator]();
    expect(await take(events, 3)).toEqual([
      'reader-added Reader A',
      'card-inserted Reader A',
      'reader-added Reader B',
    ]);
    pcsc.insert('Reader B', ATR);
    expect(await take(events, 1)).toEqual(['card-inserted Reader B']);
    pcsc.remove('Reader A');
    expect(await take(events, 1)).toEqual(['card-removed Reader A']);
    pcsc.plug('Reader C');
    expect(await take(events, 1)).toEqual(['reader-added Reader C']);
    controller.abort();
    expect(await events.next()).toEqual({ value: undefined, done: true });
  });

  it('reports card-removed before reader-removed when a reader with a card is unplugged', async () => {
    const { pcsc, provider } = stack();
    const controller = new AbortController();
    const events = provider.watch({ signal: controller.signal })[Symbol.asyncIterator]();
    await take(events, 3);
    pcsc.unplug('Reader A');
    expect(await take(events, 2)).toEqual(['card-removed Reader A', 'reader-removed Reader A']);
    controller.abort();
  });

  it('survives pcscd restarting: the readers leave, then come back with their card', async () => {
    const { pcsc, provider } = stack();
    const controller = new AbortController();
    const events = provider.watch({ signal: controller.signal })[Symbol.asyncIterator]();
    await take(events, 3);
    pcsc.stop();
    expect(await take(events, 3)).toEqual([
      'card-removed Reader A',
      'reader-removed Reader A',
      'reader-removed Reader B',
    ]);
    pcsc.start();
    expect(await take(events, 3)).toEqual([
      'reader-added Reader A',
      'card-inserted Reader A',
      'reader-added Reader B',
    ]);
    expect(pcsc.contexts).toBeGreaterThanOrEqual(2);
    controller.abort();
  });

  it('without the PnP pseudo reader (macOS), finds a plugged reader by its bounded poll', async () => {
    const { pcsc, provider } = stack();
    pcsc.pnpUnknown = true;
    const controller = new AbortController();
    const events = provider.watch({ signal: controller.signal })[Symbol.asyncIterator]();
    await take(events, 3);
    pcsc.plug('Reader C');
    expect(await take(events, 1)).toEqual(['reader-added Reader C']);
    controller.abort();
    expect(pcsc.waits.at(-1)).not.toContain(PNP_NOTIFICATION);
  });

  it('ends with SERVICE_UNAVAILABLE when pcscd is not running at the start', async () => {
    const { pcsc, provider } = stack();
    pcsc.stop();
    const events = provider.watch()[Symbol.asyncIterator]();
    await expect(events.next()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('ends when the consumer stops iterating, releasing its context', async () => {
    const { pcsc, provider } = stack();
    for await (const event of provider.watch()) {
      expect(event.type).toBe('reader-added');
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(pcsc.log).toContain('close');
  });
});
