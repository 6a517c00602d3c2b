import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CardSlot } from './card-slot.js';
import { pssExchange, type TerminalState } from './terminal.js';

const ATR = [0x3b, 0x75, 0x13, 0x00, 0x00, 0x47, 0x09, 0xea, 0x90, 0x00];

/** A test-only card speaking vpcd's framing: echoes the APDU header back with 9000. */
async function testCard(port: number, seen: number[][]): Promise<Socket> {
  const socket = connect({ port, host: '127.0.0.1' });
  await new Promise((resolve) => socket.once('connect', resolve));
  let buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 2 && buffer.length >= 2 + buffer.readUInt16BE(0)) {
      const payload = [...buffer.subarray(2, 2 + buffer.readUInt16BE(0))];
      buffer = buffer.subarray(2 + payload.length);
      seen.push(payload);
      const reply =
        payload.length === 1 ? (payload[0] === 4 ? ATR : undefined) : [...payload.slice(0, 2), 0x90, 0x00];
      if (reply) socket.write(Buffer.from([reply.length >> 8, reply.length & 0xff, ...reply]));
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 20));
  return socket;
}

describe('a PSS terminal in front of a vpcd-framed card', () => {
  let slot: CardSlot;
  let card: Socket | undefined;
  afterEach(async () => {
    card?.destroy();
    await slot.close();
  });
  const terminal = (): TerminalState => ({ lad: 2, slot, cardTimeoutMs: 200, fault: undefined });
  const run = async (t: TerminalState, bytes: number[]) => [
    ...((await pssExchange(t, Uint8Array.from(bytes))) ?? []),
  ];

  it('answers presence, power on, card commands (T, P3), power off, with the counter', async () => {
    slot = await CardSlot.listen(0);
    const t = terminal();
    expect(await run(t, [0, 2, 0x16])).toEqual([0, 0, 0]);
    expect(await run(t, [0, 2, 0x14])).toEqual([0x17, 0, 0]);
    const seen: number[][] = [];
    card = await testCard(slot.port, seen);
    expect(await run(t, [0, 2, 0x16])).toEqual([0, 1, 1]);
    expect(await run(t, [0, 2, 0x14])).toEqual([0, 3, 1, ...ATR]);
    expect(await run(t, [0, 2, 0x00, 1, 0x00, 0xa4, 0x04, 0x0c, 2, 0xaa, 0xbb])).toEqual([
      0, 3, 1, 0x00, 0xa4, 0x90, 0x00,
    ]);
    expect(await run(t, [0, 2, 0x01, 1, 0x00, 0xb0, 0x82, 0x00, 0x00])).toEqual([
      0, 3, 1, 0x00, 0xb0, 0x90, 0x00,
    ]);
    expect(await run(t, [0, 2, 0x00, 1, 0x00, 0x70, 0x00, 0x00, 0x00])).toEqual([
      0, 3, 1, 0x00, 0x70, 0x90, 0x00,
    ]);
    expect(await run(t, [0, 2, 0x15, 0x01])).toEqual([0, 1, 1]);
    await new Promise((resolve) => setTimeout(resolve, 20)); // power off has no reply to wait for
    expect(seen).toEqual([
      [1],
      [4],
      [0x00, 0xa4, 0x04, 0x0c, 2, 0xaa, 0xbb],
      [0x00, 0xb0, 0x82, 0x00, 0x00],
      [0x00, 0x70, 0x00, 0x00],
      [0],
    ]);
  });

  it('refuses wrong counters, incoherent P3, unknown commands, and one-byte refusals', async () => {
    slot = await CardSlot.listen(0);
    const t = terminal();
    card = await testCard(slot.port, []);
    await run(t, [0, 2, 0x14]);
    expect(await run(t, [0, 2, 0x00, 9, 0x00, 0xa4, 0x04, 0x0c, 0x00])).toEqual([0x16, 3, 1]);
    expect(await run(t, [0, 2, 0x00, 1, 0x00, 0xa4, 0x04, 0x0c, 0x05, 0x01])).toEqual([0x13, 3, 1]);
    expect(await run(t, [0, 2, 0x42])).toEqual([0x02, 3, 1]);
    expect(await run(t, [0, 3, 0x16])).toEqual([0x01, 3, 1]);
    expect(await run(t, [1, 2])).toEqual([0x02]);
  });

  it('counts insertions, and answers CR 11 for a card that stays silent', async () => {
    slot = await CardSlot.listen(0);
    const t = terminal();
    card = await testCard(slot.port, []);
    card.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const silent = connect({ port: slot.port, host: '127.0.0.1' });
    card = silent;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await run(t, [0, 2, 0x16])).toEqual([0, 1, 2]);
    expect(await run(t, [0, 2, 0x14])).toEqual([0x11, 3, 2]);
    t.fault = 'no-answer';
    expect(await pssExchange(t, Uint8Array.of(0, 2, 0x16))).toBeNull();
  });

  it('a terminal stuck mid-read: presence and power answer, card commands never', async () => {
    slot = await CardSlot.listen(0);
    const t = terminal();
    card = await testCard(slot.port, []);
    t.fault = 'hang-card-commands';
    expect(await run(t, [0, 2, 0x14])).toEqual([0, 3, 1, ...ATR]);
    expect(await pssExchange(t, Uint8Array.of(0, 2, 0x01, 1, 0x00, 0xb0, 0x82, 0x00, 0x00))).toBeNull();
    expect(await run(t, [0, 2, 0x16])).toEqual([0, 3, 1]);
  });
});
