import { describe, expect, it } from 'vitest';
import type { CommandApdu } from './apdu.js';
import { CardStatusError, TransportError } from './errors.js';
import { fromHex, toHex } from './hex.js';
import { matchesStatus, send } from './send.js';
import type { ApduChannel } from './transport.js';

/** A channel that answers from a script and records what it was sent. */
function scripted(...responses: string[]): ApduChannel & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    async transmit(command) {
      sent.push(toHex(command));
      const next = responses.shift();
      if (next === undefined) throw new Error(`unexpected command ${toHex(command)}`);
      return fromHex(next);
    },
  };
}

const selectVitale: CommandApdu = {
  cla: 0x00,
  ins: 0xa4,
  p1: 0x04,
  p2: 0x00,
  data: fromHex('D250000002564954414C45'),
};

describe('send', () => {
  it('returns data and SW apart', async () => {
    const channel = scripted('0102039000');
    const response = await send(channel, { cla: 0, ins: 0xb0, p1: 0x82, p2: 0, le: 256 });
    expect(toHex(response.data)).toBe('010203');
    expect(response.sw).toBe(0x9000);
    expect(channel.sent).toEqual(['00B0820000']);
  });

  it('answers 61xx with GET RESPONSE keeping the CLA, and joins the pieces', async () => {
    const channel = scripted('6110', `${'AA'.repeat(16)}6104`, 'BBBBBBBB9000');
    const response = await send(channel, { ...selectVitale, cla: 0xbc });
    expect(channel.sent.slice(1)).toEqual(['BCC0000010', 'BCC0000004']);
    expect(toHex(response.data)).toBe(`${'AA'.repeat(16)}BBBBBBBB`);
    expect(response.sw).toBe(0x9000);
  });

  it('treats 6100 as 256 bytes to fetch', async () => {
    const channel = scripted('6100', `${'00'.repeat(256)}9000`);
    await send(channel, selectVitale);
    expect(channel.sent[1]).toBe('00C0000000');
  });

  it('resends with the exact Le on 6Cxx, header and data untouched', async () => {
    const channel = scripted('6C1E', `${'11'.repeat(30)}9000`);
    const response = await send(channel, { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 256 });
    expect(channel.sent).toEqual(['00B0000000', '00B000001E']);
    expect(response.data.length).toBe(30);
  });

  it('never alters the data of a case-3 command: 6Cxx only adds an Le', async () => {
    const channel = scripted('6C02', 'ABCD9000');
    await send(channel, selectVitale);
    const [first, second] = channel.sent;
    expect(first).toBe('00A404000BD250000002564954414C45');
    expect(second).toBe(`${first}02`);
  });

  it('handles 6Cxx answered to a GET RESPONSE', async () => {
    const channel = scripted('6108', '6C05', '01020304059000');
    const response = await send(channel, selectVitale);
    expect(channel.sent.slice(1)).toEqual(['00C0000008', '00C0000005']);
    expect(toHex(response.data)).toBe('0102030405');
  });

  it('throws CardStatusError for a status not accepted, with the command', async () => {
    const channel = scripted('6A82');
    const error = await send(channel, selectVitale).catch((e: unknown) => e);
    expect(CardStatusError.isInstance(error)).toBe(true);
    const statusError = error as CardStatusError;
    expect(statusError.sw).toBe(0x6a82);
    expect(statusError.message).toMatch(/\(file or application not found\)/);
    expect(statusError.detail).toBe('SW 6A82 to 00 A4 04 00');
    expect(toHex(statusError.command)).toBe('00A404000BD250000002564954414C45');
  });

  it('accepts exact and masked status words', async () => {
    const response = await send(
      scripted('01026282'),
      { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 256 },
      { accept: [0x9000, '62XX'] },
    );
    expect(response.sw).toBe(0x6282);
    expect(matchesStatus(0x6982, '69XX')).toBe(true);
    expect(matchesStatus(0x6a82, '69XX')).toBe(false);
    expect(matchesStatus(0x9000, 'bad')).toBe(false);
  });

  it('bounds a card that answers 61xx forever', async () => {
    const channel: ApduChannel = { transmit: async () => fromHex('6101') };
    await expect(send(channel, selectVitale)).rejects.toThrow(TransportError);
  });

  it('passes the abort signal to the transport', async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const channel: ApduChannel = {
      async transmit(_command, options) {
        seen = options?.signal;
        return fromHex('9000');
      },
    };
    await send(channel, selectVitale, { signal: controller.signal });
    expect(seen).toBe(controller.signal);
  });
});
