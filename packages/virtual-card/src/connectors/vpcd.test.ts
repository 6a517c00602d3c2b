import { fromHex, send, toHex } from '@openvitale/transport';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/main.js';
import { fixture } from '../test-support/fixtures.js';
import { connect, openscTool, pcsc, READERS, stack, waitForCard } from '../test-support/pcsc.js';
import { insertIntoVpcd, type VpcdCard } from './vpcd.js';

const VITALE = 'D250000002564954414C45';
const MF_VITALE = 'D2500000024D465F564954414C45';
const hex = (b: Uint8Array) => toHex(b, ' ');

describe.skipIf(!stack)('vpcd connector through a real pcscd', () => {
  const cards: VpcdCard[] = [];
  let context: InstanceType<typeof pcsc.Context> | undefined;
  const pcscContext = () => {
    context ??= new pcsc.Context();
    return context;
  };
  afterEach(async () => {
    await Promise.all(cards.splice(0).map((c) => c.close()));
    // pcscd sees a removal at its next presence poll: a test starting before then would find the old card.
    if (context) for (const reader of Object.values(READERS)) await waitForCard(context, reader, false);
    context?.close();
    context = undefined;
  });

  it('is seen by pcscd with its ATR, answers the three reading paths with GET RESPONSE chaining, then leaves and comes back', async () => {
    const ctx = pcscContext();
    const profile = await fixture('vitale2-single');
    const card = await insertIntoVpcd(profile, { port: 35963 });
    cards.push(card);
    expect(card.quickAck).toBe(true);
    expect(hex((await waitForCard(ctx, READERS[35963], true))!)).toBe('3B 75 13 00 00 47 09 EA 90 00');
    const handle = await connect(ctx, READERS[35963]);
    const tx = async (command: string) =>
      hex(await handle.transmit(Buffer.from(fromHex(command)), { autoGetResponse: false }));
    // Rufus
    expect(await tx('00 A4 00 00 02 3F 00')).toMatch(/^61 /);
    const identity = await tx('00 B0 82 00 00');
    expect(identity).toMatch(/^65 .* 62 82$/);
    expect(await tx(`00 A4 04 00 0B ${VITALE}`)).toMatch(/^61 /);
    expect(await tx('00 B0 82 00 00')).toMatch(/^65 11 93 0F .* 62 82$/);
    // The Node.js reader
    expect(await tx(`00 A4 04 00 0E ${MF_VITALE} 00`)).toMatch(/^61 /);
    expect(await tx('00 A4 02 00 02 D0 01 00')).toBe('61 1E');
    expect(await tx('00 C0 00 00 1E')).toMatch(/^62 1C .* 90 00$/);
    expect((await tx('00 B0 00 00 7C')).startsWith(identity.slice(0, -6))).toBe(true);
    // cardpeek's first steps, with the binding's own chaining
    expect(await tx(`00 A4 04 0C 0B ${VITALE}`)).toBe('90 00');
    expect(await tx('00 A4 02 0C 02 20 01')).toBe('90 00');
    expect(await tx('00 B0 00 00 00')).toMatch(/^E0 .* 62 82$/);
    // The project's own T=0 chaining over pcscd: 61 xx, then GET RESPONSE with the same CLA.
    const channel = {
      transmit: async (c: Uint8Array) => new Uint8Array(await handle.transmit(Buffer.from(c))),
    };
    const fci = await send(channel, { cla: 0, ins: 0xa4, p1: 4, p2: 0, data: fromHex(VITALE), le: 256 });
    expect(fci.data[0]).toBe(0x6f);
    expect(card.runner.refused).toHaveLength(0);
    expect(card.runner.formatTrace()).toContain('> 00 C0 00 00 1E');
    handle.disconnect(pcsc.SCARD_LEAVE_CARD);

    await card.close();
    await waitForCard(ctx, READERS[35963], false);
    const again = await insertIntoVpcd(profile, { port: 35963 });
    cards.push(again);
    await waitForCard(ctx, READERS[35963], true);
    const second = await connect(ctx, READERS[35963]);
    expect(hex(await second.transmit(Buffer.from(fromHex(`00 A4 04 0C 0B ${VITALE}`))))).toBe('90 00');
    // LEAVE, never RESET: a sync disconnect that resets would wait on this very process (the card).
    second.disconnect(pcsc.SCARD_LEAVE_CARD);
  });

  it('serves a Vitale 1 on the second port (35964), and opensc-tool sees its ATR', async () => {
    const ctx = pcscContext();
    const card = await insertIntoVpcd(await fixture('vitale1-scot'), { port: 35964 });
    cards.push(card);
    await waitForCard(ctx, READERS[35964], true);
    expect(await openscTool(READERS[35964], '--atr')).toMatch(/3f:65:25:00:2c:09:69:90:00/i);
    const handle = await connect(ctx, READERS[35964]);
    expect(hex(await handle.transmit(Buffer.from(fromHex('BC C0 00 00 08'))))).toBe(
      '21 88 02 00 02 88 00 01 90 00',
    );
    expect(hex(await handle.transmit(Buffer.from(fromHex('00 A4 04 00 02 3F 00'))))).toBe('6E 00');
    expect((await handle.transmit(Buffer.from(fromHex('BC B0 02 00 40')))).length).toBe(66);
    handle.disconnect(pcsc.SCARD_LEAVE_CARD);
  });

  it('a remove-after fault takes the card out: pcscd sees the removal and the next transmit fails', async () => {
    const ctx = pcscContext();
    const card = await insertIntoVpcd(await fixture('vitale2-single'), {
      port: 35963,
      faults: [{ type: 'remove-after', apdu: 1 }],
    });
    cards.push(card);
    await waitForCard(ctx, READERS[35963], true);
    const handle = await connect(ctx, READERS[35963]);
    expect(hex(await handle.transmit(Buffer.from(fromHex(`00 A4 04 0C 0B ${VITALE}`))))).toBe('90 00');
    await card.closed;
    await expect(handle.transmit(Buffer.from(fromHex('00 B0 82 00 00')))).rejects.toThrow();
    await waitForCard(ctx, READERS[35963], false);
  });

  it('keeps a round trip well under 1 ms with TCP_QUICKACK (no timing model)', async () => {
    const ctx = pcscContext();
    const card = await insertIntoVpcd(await fixture('vitale2-single'), { port: 35963 });
    cards.push(card);
    await waitForCard(ctx, READERS[35963], true);
    const handle = await connect(ctx, READERS[35963]);
    const command = Buffer.from(fromHex(`00 A4 04 0C 0B ${VITALE}`));
    for (let i = 0; i < 20; i++) await handle.transmit(command);
    const n = 200;
    const started = performance.now();
    for (let i = 0; i < n; i++) await handle.transmit(command);
    const mean = (performance.now() - started) / n;
    // 44 ms per APDU without the fix; leave room for a loaded CI machine.
    expect(mean).toBeLessThan(5);
    handle.disconnect(pcsc.SCARD_LEAVE_CARD);
  });

  it('the CLI inserts a bundled profile, is read through pcscd, and exits 0 after --remove-after', async () => {
    const lines: string[] = [];
    const exit = runCli(['--profile', 'demo', '--vpcd-port', '35964', '--remove-after', '1'], {
      out: (line) => lines.push(line),
      err: (line) => lines.push(line),
    });
    const ctx = pcscContext();
    await waitForCard(ctx, READERS[35964], true);
    const handle = await connect(ctx, READERS[35964]);
    expect(hex(await handle.transmit(Buffer.from(fromHex(`00 A4 04 0C 0B ${VITALE}`))))).toBe('90 00');
    expect(await exit).toBe(0);
    expect(lines.join('\n')).toMatch(/vitale2 card inserted on vpcd port 35964[\s\S]*removed after 1 APDU/);
  });
});
