import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { equalBytes, type ReaderEvent, send, TransportError, toHex } from '@openvitale/transport';
import { CPS_ATR, MF_VITALE_AID, VITALE2_ATR } from '@openvitale/virtual-card';
import type { VpcdCard } from '@openvitale/virtual-card/vpcd';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createPcscProvider } from '../src/index.js';
import { insert, profile, READER_0, READER_1, stack, startPcscd, stopPcscd, waitFor } from './stack.js';

const isVitale = (atr: Uint8Array) => equalBytes(atr, VITALE2_ATR);
const SELECT_MF_VITALE = { cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x00, data: MF_VITALE_AID, le: 256 };
const SELECT_VITALE = Uint8Array.of(
  0x00,
  0xa4,
  0x04,
  0x0c,
  0x0b,
  ...Buffer.from('D250000002564954414C45', 'hex'),
);
const READ_ONE = Uint8Array.of(0x00, 0xb0, 0x00, 0x00, 0x01);

/** Another application in a process of its own (test/other-application.mjs): one command, one answer line. */
function otherApplication(reader: string) {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('./other-application.mjs', import.meta.url)), reader],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  let queue = Promise.resolve('');
  return {
    child,
    send(command: string): Promise<string> {
      queue = queue.then(async () => {
        child.stdin!.write(`${command}\n`);
        return String((await lines.next()).value);
      });
      return queue;
    },
  };
}

/** Runs `work` with another application on `reader`, stopped afterwards. */
async function withOther<T>(
  reader: string,
  work: (other: ReturnType<typeof otherApplication>) => Promise<T>,
): Promise<T> {
  const other = otherApplication(reader);
  try {
    return await work(other);
  } finally {
    other.child.kill();
  }
}

/** The commands the virtual card received, in order. */
const received = (card: VpcdCard) =>
  card.runner
    .trace()
    .records.flatMap((r) => (r.kind === 'exchange' ? [toHex(r.command)] : []))
    .filter((c) => c === toHex(SELECT_VITALE) || c === toHex(READ_ONE));

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (e: unknown) => (TransportError.isInstance(e) ? e.code : String(e)),
  );

describe.skipIf(!stack)('PC/SC transport on pcscd + vpcd', () => {
  const provider = createPcscProvider({ pollIntervalMs: 500, recoveryIntervalMs: 200 });
  const cards: VpcdCard[] = [];
  let pcscd: ChildProcess | undefined;
  const present = async (reader: string, yes = true) =>
    (await provider.listReaders()).some((r) => r.name === reader && (r.card !== null) === yes);
  const insertAndWait = async (name: string, reader: typeof READER_0 | typeof READER_1) => {
    const card = await insert(await profile(name), reader);
    cards.push(card);
    await waitFor(() => present(reader), `a card in ${reader}`);
    return card;
  };

  afterEach(async () => {
    await Promise.all(cards.splice(0).map((c) => c.close()));
    if (existsPcscd())
      await waitFor(
        async () => !(await present(READER_0)) && !(await present(READER_1)),
        'empty readers',
      ).catch(() => {});
  });
  afterAll(async () => {
    await provider.close();
  });
  const existsPcscd = () => pcscd === undefined || pcscd.exitCode === null;

  it('lists both virtual readers and the ATR of an inserted card', async () => {
    await insertAndWait('vitale2-single', READER_0);
    const readers = await provider.listReaders();
    expect(readers.map((r) => r.name)).toEqual([READER_0, READER_1]);
    expect(readers[0]!.card?.atr).toEqual(VITALE2_ATR);
    expect(readers[1]!.card).toBeNull();
  });

  it('opens by exact name, by substring and auto, and transmits', async () => {
    await insertAndWait('vitale2-single', READER_0);
    await insertAndWait('cps', READER_1);
    await using byName = await provider.open(READER_0);
    expect(byName.atr).toEqual(VITALE2_ATR);
    expect(byName.protocol).toBe('T=0');
    await byName.close();
    await using bySubstring = await provider.open('00 01');
    expect(bySubstring.reader).toBe(READER_1);
    expect(bySubstring.atr).toEqual(CPS_ATR);
    await bySubstring.close();
    expect(await codeOf(provider.open('Virtual PCD'))).toBe('NO_READER');
    await using auto = await provider.open('auto', { accept: isVitale });
    expect(auto.reader).toBe(READER_0);
    const response = await auto.transmit(
      Uint8Array.of(0x00, 0xa4, 0x04, 0x00, MF_VITALE_AID.length, ...MF_VITALE_AID),
    );
    expect(response.length).toBeGreaterThanOrEqual(2);
  });

  it('two readers at once: one transport each, interleaved', async () => {
    await insertAndWait('vitale2-single', READER_0);
    await insertAndWait('vitale2-family', READER_1);
    await using a = await provider.open(READER_0);
    await using b = await provider.open(READER_1);
    const [ra, rb] = await Promise.all([send(a, SELECT_MF_VITALE), send(b, SELECT_MF_VITALE)]);
    expect(ra.sw).toBe(0x9000);
    expect(rb.sw).toBe(0x9000);
  });

  it('runs T=0 chaining (61xx → GET RESPONSE) through send() on the real stack, with raw exchanges as events', async () => {
    await insertAndWait('vitale2-layout-fci-get-response', READER_0);
    await using transport = await provider.open(READER_0);
    const raw: string[] = [];
    transport.onEvent((e) => {
      if (e.type === 'exchange') raw.push(Buffer.from(e.response.subarray(-2)).toString('hex'));
    });
    const answer = await transport.session((channel) => send(channel, SELECT_MF_VITALE));
    expect(answer.sw).toBe(0x9000);
    expect(raw[0]).toMatch(/^61/);
    expect(raw.at(-1)).toBe('9000');
  });

  it('reports the card removed during a session, then works again once it is re-inserted', async () => {
    const card = await insertAndWait('vitale2-single', READER_0);
    await using transport = await provider.open(READER_0);
    const failed = await codeOf(
      transport.session(async (channel) => {
        await send(channel, SELECT_MF_VITALE);
        await card.close();
        await waitFor(() => present(READER_0, false), 'the removal');
        await send(channel, SELECT_MF_VITALE);
      }),
    );
    expect(failed).toBe('CARD_REMOVED');
    await insertAndWait('vitale2-single', READER_0);
    await using again = await provider.open('auto', { accept: isVitale });
    expect((await send(again, SELECT_MF_VITALE)).sw).toBe(0x9000);
    // The first transport comes back too: a reset reconnects to the new card.
    expect(await transport.reset()).toEqual(VITALE2_ATR);
    expect((await send(transport, SELECT_MF_VITALE)).sw).toBe(0x9000);
  });

  it('retries while another process holds the card exclusively, fails with SHARING_VIOLATION, succeeds once released', async () => {
    await insertAndWait('vitale2-single', READER_0);
    await withOther(READER_0, async (other) => {
      expect(await other.send('connect exclusive')).toBe('connect ok ');
      expect((await provider.listReaders())[0]!.exclusive).toBe(true);
      const quick = createPcscProvider({ sharingRetry: { attempts: 4, intervalMs: 100 } });
      const started = Date.now();
      const error = await quick.open(READER_0).catch((e: unknown) => e as TransportError);
      expect(error).toMatchObject({ code: 'SHARING_VIOLATION', nativeCode: 'SCARD_E_SHARING_VIOLATION' });
      expect((error as TransportError).message).toMatch(/Another application holds the reader/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      // Released while the default policy (10 × 500 ms) is still retrying: the open succeeds.
      const opening = provider.open(READER_0);
      setTimeout(() => void other.send('release'), 700);
      await using transport = await opening;
      expect((await send(transport, SELECT_MF_VITALE)).sw).toBe(0x9000);
      await quick.close();
    });
  });

  it("a session is a transaction: another process's command waits for its end, never lands between two of ours", async () => {
    const card = await insertAndWait('vitale2-single', READER_0);
    await withOther(READER_0, async (other) => {
      expect(await other.send('connect shared')).toBe('connect ok ');
      await using transport = await provider.open(READER_0);
      let theirs: Promise<string> | undefined;
      await transport.session(async (channel) => {
        await channel.transmit(SELECT_VITALE);
        theirs = other.send(`transmit ${toHex(READ_ONE)}`);
        // Every chance for their command to slip in.
        await delay(400);
        await channel.transmit(SELECT_VITALE);
      });
      expect(await theirs).toMatch(/^transmit ok /);
      expect(received(card)).toEqual([toHex(SELECT_VITALE), toHex(SELECT_VITALE), toHex(READ_ONE)]);
    });
  });

  it("a session waits for another process's transaction, no longer than its signal, then runs after it", async () => {
    const card = await insertAndWait('vitale2-single', READER_0);
    await withOther(READER_0, async (other) => {
      // Opened first: pcscd holds a new connection until the other transaction ends.
      await using transport = await provider.open(READER_0);
      expect(await other.send('connect shared')).toBe('connect ok ');
      expect(await other.send('begin')).toBe('begin ok ');
      const refused = transport.session((c) => c.transmit(SELECT_VITALE), {
        signal: AbortSignal.timeout(300),
      });
      expect(await codeOf(refused)).toMatch(/ABORTED|TIMEOUT/);
      const session = transport.session((c) => c.transmit(SELECT_VITALE));
      await delay(300);
      expect(await other.send(`transmit ${toHex(READ_ONE)}`)).toMatch(/^transmit ok /);
      expect(await other.send('end')).toBe('end ok ');
      expect(await session).toEqual(Uint8Array.of(0x90, 0x00));
      expect(received(card)).toEqual([toHex(READ_ONE), toHex(SELECT_VITALE)]);
    });
  });

  it('the transaction of a process that died is released, its card reset: the next session runs', async () => {
    await insertAndWait('vitale2-single', READER_0);
    await using transport = await provider.open(READER_0);
    const resets: string[] = [];
    transport.onEvent((e) => {
      if (e.type === 'reset') resets.push(toHex(e.atr));
    });
    const other = otherApplication(READER_0);
    expect(await other.send('connect shared')).toBe('connect ok ');
    expect(await other.send('begin')).toBe('begin ok ');
    other.child.kill('SIGKILL');
    const answer = await transport.session((c) => c.transmit(SELECT_VITALE), {
      signal: AbortSignal.timeout(5000),
    });
    expect(answer).toEqual(Uint8Array.of(0x90, 0x00));
    // pcscd resets a card whose transaction died with its process; the session took the reset in its stride.
    expect(resets).toEqual([toHex(VITALE2_ATR)]);
  });

  it('watches waiting in SCardGetStatusChange hold up no transmit (each waits on a thread of its own)', async () => {
    await insertAndWait('vitale2-single', READER_0);
    // More watches than libuv's pool has threads (4), each waiting up to 20 s.
    const waiting = createPcscProvider({ pollIntervalMs: 20_000 });
    const controller = new AbortController();
    const watches = Array.from({ length: 5 }, () =>
      waiting.watch({ signal: controller.signal })[Symbol.asyncIterator](),
    );
    try {
      for (const watch of watches) await watch.next();
      await delay(200);
      await using transport = await provider.open(READER_0, { signal: AbortSignal.timeout(5000) });
      const answer = await transport.transmit(SELECT_VITALE, { signal: AbortSignal.timeout(5000) });
      expect(answer).toEqual(Uint8Array.of(0x90, 0x00));
    } finally {
      controller.abort();
    }
  });

  it('a watch recovers when pcscd is killed and restarted, and reports the card again', async () => {
    await insertAndWait('vitale2-single', READER_0);
    const controller = new AbortController();
    const events = provider.watch({ signal: controller.signal })[Symbol.asyncIterator]();
    const next = async (count: number) => {
      const out: string[] = [];
      while (out.length < count) {
        const { value, done } = (await events.next()) as IteratorResult<ReaderEvent>;
        if (done) break;
        out.push(`${value.type} ${value.reader}`);
      }
      return out;
    };
    expect(await next(3)).toEqual([
      `reader-added ${READER_0}`,
      `card-inserted ${READER_0}`,
      `reader-added ${READER_1}`,
    ]);
    await stopPcscd(Number(process.env.OPENVITALE_PCSCD_PID));
    expect(await next(3)).toEqual([
      `card-removed ${READER_0}`,
      `reader-removed ${READER_0}`,
      `reader-removed ${READER_1}`,
    ]);
    pcscd = await startPcscd();
    // vpcd listens again with the new pcscd: the card side connects anew.
    cards.push(await insert(await profile('vitale2-single'), READER_0));
    const back = await next(3);
    expect(back).toContain(`reader-added ${READER_0}`);
    expect(back).toContain(`reader-added ${READER_1}`);
    const inserted = back.includes(`card-inserted ${READER_0}`) ? [] : await next(1);
    expect([...back, ...inserted]).toContain(`card-inserted ${READER_0}`);
    controller.abort();
    // The provider's own context was re-established too: a read works without restarting anything.
    await using transport = await provider.open('auto', { accept: isVitale });
    expect((await send(transport, SELECT_MF_VITALE)).sw).toBe(0x9000);
  });

  it('says SERVICE_UNAVAILABLE, clearly, when pcscd is not running at all', async () => {
    if (pcscd?.pid !== undefined) await stopPcscd(pcscd.pid);
    else await stopPcscd(Number(process.env.OPENVITALE_PCSCD_PID));
    const fresh = createPcscProvider();
    const error = await fresh.listReaders().catch((e: unknown) => e as TransportError);
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', nativeCode: 'SCARD_E_NO_SERVICE' });
    expect((error as TransportError).message).toMatch(/PC\/SC service is not running/);
    expect(await codeOf(fresh.open('auto'))).toBe('SERVICE_UNAVAILABLE');
    expect(await codeOf(provider.listReaders())).toBe('SERVICE_UNAVAILABLE');
    const watch = fresh.watch()[Symbol.asyncIterator]();
    await expect(watch.next()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    // Leave the stack as the tests found it.
    pcscd = await startPcscd();
  });
});
