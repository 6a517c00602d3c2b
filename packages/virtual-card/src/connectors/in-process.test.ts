import {
  formatTrace,
  fromHex,
  type ReaderEvent,
  recordTrace,
  send,
  TransportError,
  toHex,
} from '@openvitale/transport';
import { describe, expect, it } from 'vitest';
import type { Fault } from '../faults.js';
import { fixture } from '../test-support/fixtures.js';
import { openVirtualCard, VirtualTransportProvider } from './in-process.js';

const SELECT_VITALE = fromHex('00A4040C0BD250000002564954414C45');
const READ_SFI2 = fromHex('00B0820000');

async function open(faults: readonly Fault[] = [], extra: { muteTimeoutMs?: number } = {}) {
  return openVirtualCard(await fixture('vitale2-single'), { faults, ...extra });
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(TransportError.isInstance(error) && error.code).toBe(code);
}

describe('in-process transport', () => {
  it('implements the contract: ATR, transmit, send() with T=0 chaining, trace recording, close resets', async () => {
    const transport = await open();
    expect(transport.kind).toBe('virtual');
    expect(toHex(transport.atr)).toBe('3B751300004709EA9000');
    const recording = recordTrace(transport);
    const fci = await send(transport, {
      cla: 0,
      ins: 0xa4,
      p1: 4,
      p2: 0,
      data: SELECT_VITALE.subarray(5),
      le: 256,
    });
    expect(fci.data[0]).toBe(0x6f);
    const nir = await transport.session((channel) =>
      send(channel, { cla: 0, ins: 0xb0, p1: 0x82, p2: 0, le: 0x11 }),
    );
    expect(toHex(nir.data.subarray(0, 4))).toBe('6511930F');
    const trace = formatTrace(recording.stop());
    expect(trace).toContain('> 00 A4 04 00 0B D2 50 00 00 02 56 49 54 41 4C 45 00');
    expect(trace).toMatch(/< 61 [0-9A-F]{2}\n> 00 C0 00 00/);
    // The card's own log has the same exchanges.
    expect(transport.runner.formatTrace()).toContain('> 00 B0 82 00 11');
    await transport.close();
    await transport.close();
    await rejectsWith(transport.transmit(READ_SFI2), 'CLOSED');
  });

  it('fails a second session fast with BUSY', async () => {
    const transport = await open();
    let release = () => {};
    const first = transport.session(() => new Promise<void>((resolve) => (release = resolve)));
    await rejectsWith(
      transport.session(async () => {}),
      'BUSY',
    );
    release();
    await first;
  });

  it('removes the card before APDU N: that APDU fails CARD_REMOVED and the reader is empty', async () => {
    const provider = new VirtualTransportProvider();
    provider.insert('Virtual Reader 0', await fixture('vitale2-single'), {
      faults: [{ type: 'remove-before', apdu: 2 }],
    });
    const transport = await provider.open('Virtual Reader 0');
    expect(toHex(await transport.transmit(SELECT_VITALE))).toBe('9000');
    await rejectsWith(transport.transmit(READ_SFI2), 'CARD_REMOVED');
    expect((await provider.listReaders())[0]!.card).toBeNull();
    await rejectsWith(provider.open('Virtual Reader 0'), 'NO_CARD');
  });

  it('removes the card after APDU N: that APDU is answered, the next fails', async () => {
    const transport = await open([{ type: 'remove-after', apdu: 1 }]);
    expect(toHex(await transport.transmit(SELECT_VITALE))).toBe('9000');
    await rejectsWith(transport.transmit(READ_SFI2), 'CARD_REMOVED');
  });

  it('goes mute from APDU N: CARD_MUTE after the deadline, until a reset', async () => {
    const transport = await open([{ type: 'mute', apdu: 2 }], { muteTimeoutMs: 30 });
    await transport.transmit(SELECT_VITALE);
    const started = Date.now();
    await rejectsWith(transport.transmit(READ_SFI2), 'CARD_MUTE');
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    await rejectsWith(transport.transmit(READ_SFI2), 'CARD_MUTE');
    await transport.reset();
    expect(toHex(await transport.transmit(SELECT_VITALE))).toBe('9000');
    expect(transport.runner.formatTrace()).toContain('! CARD_MUTE');
  });

  it('answers late; a deadline cuts the wait with TIMEOUT, an abort with ABORTED', async () => {
    const transport = await open([{ type: 'late', apdu: 'all', ms: 40 }]);
    const started = Date.now();
    await transport.transmit(SELECT_VITALE);
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
    await rejectsWith(transport.transmit(SELECT_VITALE, { signal: AbortSignal.timeout(5) }), 'TIMEOUT');
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 5);
    await rejectsWith(transport.transmit(SELECT_VITALE, { signal: stop.signal }), 'ABORTED');
  });

  it('answers a given status word, and corrupts a response', async () => {
    const transport = await open([
      { type: 'status', apdu: 1, sw: 0x6f00 },
      { type: 'corrupt', apdu: 3 },
      { type: 'corrupt', apdu: 4, offset: 99, xor: 0x01 },
    ]);
    expect(toHex(await transport.transmit(SELECT_VITALE))).toBe('6F00');
    expect(toHex(await transport.transmit(SELECT_VITALE))).toBe('9000');
    expect(toHex((await transport.transmit(READ_SFI2)).subarray(0, 1))).toBe('9A');
    expect(toHex((await transport.transmit(READ_SFI2)).subarray(-2))).toBe('6283');
  });

  it('applies the timing model only when asked', async () => {
    const timed = await openVirtualCard(await fixture('vitale2-single'), {
      timing: { readerOverheadMs: 20 },
    });
    const started = performance.now();
    await timed.transmit(SELECT_VITALE);
    expect(performance.now() - started).toBeGreaterThanOrEqual(20);
    expect((await open()).runner.timing).toBeUndefined();
  });

  it('counts refused commands through the runner', async () => {
    const transport = await open();
    expect(toHex(await transport.transmit(fromHex('0020000104 31323334')))).toBe('6982');
    expect(transport.runner.refused).toHaveLength(1);
  });

  it('watches readers and cards: current state first, then changes, card-removed before reader-removed', async () => {
    const provider = new VirtualTransportProvider({ readers: ['R0', 'R1'] });
    const profile = await fixture('vitale2-single');
    provider.insert('R1', profile);
    const controller = new AbortController();
    const events: ReaderEvent[] = [];
    const done = (async () => {
      for await (const event of provider.watch({ signal: controller.signal })) events.push(event);
    })();
    await new Promise((resolve) => setTimeout(resolve, 5));
    provider.insert('R0', await fixture('cps'));
    provider.remove('R1');
    provider.removeReader('R0');
    provider.addReader('R2');
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await done;
    expect(events.map((e) => `${e.type} ${e.reader}`)).toEqual([
      'reader-added R0',
      'reader-added R1',
      'card-inserted R1',
      'card-inserted R0',
      'card-removed R1',
      'card-removed R0',
      'reader-removed R0',
      'reader-added R2',
    ]);
  });

  it('ends at once a watch whose signal has already aborted (a wait of 0 s)', async () => {
    const provider = new VirtualTransportProvider({ readers: ['R0'] });
    const events: ReaderEvent[] = [];
    for await (const event of provider.watch({ signal: AbortSignal.abort() })) events.push(event);
    expect(events).toEqual([]);
    provider.addReader('R1');
  });

  it('invalidates a transport when its card is swapped, like a PC/SC handle', async () => {
    const provider = new VirtualTransportProvider();
    const profile = await fixture('vitale2-single');
    provider.insert('Virtual Reader 0', profile);
    const transport = await provider.open('Virtual Reader 0');
    provider.remove('Virtual Reader 0');
    provider.insert('Virtual Reader 0', profile);
    await rejectsWith(transport.transmit(SELECT_VITALE), 'CARD_REMOVED');
    await rejectsWith(provider.open('nope'), 'NO_READER');
  });
});
