import { describe, expect, it } from 'vitest';
import { TransportError } from './errors.js';
import { fromHex, toHex } from './hex.js';
import { formatTrace, parseTrace, ReplayTransport, recordTrace, TraceFormatError } from './trace.js';

const TRACE = `# openvitale-trace 1
# reader: Virtual PCD 00 00
R 3B 75 13 00 00 45 09 EA 90 00
> 00 A4 04 0C 0B D2 50 00 00 02 56 49 54 41 4C 45
< 90 00

> 00 B0 82 00 00
< 65 03 80 01 41 90 00
> 00 B0 83 00 00
! CARD_REMOVED The card was removed
`;

describe('trace format', () => {
  it('parses records with their line numbers', () => {
    const trace = parseTrace(TRACE);
    expect(trace.records.map((r) => [r.kind, r.line])).toEqual([
      ['comment', 2],
      ['reset', 3],
      ['exchange', 4],
      ['exchange', 7],
      ['error', 9],
    ]);
  });

  it('formats what it parses (round trip)', () => {
    const again = parseTrace(formatTrace(parseTrace(TRACE)));
    expect(formatTrace(again)).toBe(formatTrace(parseTrace(TRACE)));
    expect(formatTrace(again)).toContain('! CARD_REMOVED The card was removed');
  });

  it('accepts CRLF line ends', () => {
    expect(parseTrace(TRACE.replace(/\n/g, '\r\n')).records).toHaveLength(5);
  });

  it.each([
    ['', 1, /missing header/],
    ['> 00A40400\n< 9000\n', 1, /missing header/],
    ['# openvitale-trace 2\n', 1, /version 2 is not supported/],
    ['# openvitale-trace 1\n> 00A4\n> 00B0\n< 9000', 3, /command of line 2 has no response/],
    ['# openvitale-trace 1\n< 9000', 2, /response without a command/],
    ['# openvitale-trace 1\n! TIMEOUT', 2, /error without a command/],
    ['# openvitale-trace 1\n> 00A4\n< 90', 3, /no status word/],
    ['# openvitale-trace 1\n> 00A4\n< 9G00', 3, /not hex/],
    ['# openvitale-trace 1\n> 00A4\n! OOPS it broke', 3, /unknown error code "OOPS"/],
    ['# openvitale-trace 1\nX 00', 2, /unknown record/],
    ['# openvitale-trace 1\nR', 2, /ATR is not hex/],
    ['# openvitale-trace 1\n> 00A40400', 2, /has no response/],
  ])('rejects malformed trace %#, naming line %i', (text, line, message) => {
    const error = (() => {
      try {
        parseTrace(text);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(TraceFormatError.isInstance(error)).toBe(true);
    expect((error as TraceFormatError).line).toBe(line);
    expect((error as TraceFormatError).message).toMatch(message);
  });
});

describe('ReplayTransport', () => {
  it('replays in order: ATR, responses, then the recorded error', async () => {
    const replay = new ReplayTransport(parseTrace(TRACE));
    expect(toHex(replay.atr)).toBe('3B75130000450' + '9EA9000');
    expect(toHex(await replay.transmit(fromHex('00A4040C0BD250000002564954414C45')))).toBe('9000');
    expect(toHex(await replay.transmit(fromHex('00B0820000')))).toBe('650380014190' + '00');
    const error = await replay.transmit(fromHex('00B0830000')).catch((e: unknown) => e);
    expect(TransportError.isInstance(error) && error.code).toBe('CARD_REMOVED');
    await replay.close();
  });

  it('names the trace line of a mismatched command', async () => {
    const replay = new ReplayTransport(parseTrace(TRACE));
    const error = (await replay.transmit(fromHex('00A40400')).catch((e: unknown) => e)) as TransportError;
    expect(error.code).toBe('PROTOCOL');
    expect(error.message).toMatch(/Trace line 4: expected command 00 A4 04 0C/);
  });

  it('fails at close when records are left unused', async () => {
    const replay = new ReplayTransport(parseTrace(TRACE));
    await replay.transmit(fromHex('00A4040C0BD250000002564954414C45'));
    await expect(replay.close()).rejects.toThrow(/2 trace record\(s\) left unused, from line 7/);
  });

  it('fails when the reader sends more than was recorded, never inventing a status', async () => {
    const replay = new ReplayTransport(parseTrace('# openvitale-trace 1\nR 3B00\n'));
    await expect(replay.transmit(fromHex('00B00000'))).rejects.toThrow(/Trace ended/);
  });

  it('replays a reset where the trace has one, and refuses it elsewhere', async () => {
    const text = '# openvitale-trace 1\nR 3B00\n> 00B00000\n< 9000\nR 3B01\n';
    const replay = new ReplayTransport(parseTrace(text));
    await expect(replay.reset()).rejects.toThrow(/expected a command, got a reset/);
    const again = new ReplayTransport(parseTrace(text));
    await again.transmit(fromHex('00B00000'));
    expect(toHex(await again.reset())).toBe('3B01');
    expect(toHex(again.atr)).toBe('3B01');
    await again.close();
  });

  it('gives one session at a time and refuses use after close', async () => {
    const replay = new ReplayTransport(parseTrace('# openvitale-trace 1\nR 3B00\n> 00B00000\n< 9000\n'));
    await replay.session(async (channel) => {
      await channel.transmit(fromHex('00B00000'));
      await expect(replay.session(async () => {})).rejects.toThrow(/already open/);
    });
    await replay[Symbol.asyncDispose]();
    await expect(replay.transmit(fromHex('00B00000'))).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('is recorded to the same trace it plays (recorder round trip)', async () => {
    const replay = new ReplayTransport(parseTrace(TRACE));
    const recording = recordTrace(replay, ['reader: Virtual PCD 00 00']);
    await replay.transmit(fromHex('00A4040C0BD250000002564954414C45'));
    await replay.transmit(fromHex('00B0820000'));
    await replay.transmit(fromHex('00B0830000')).catch(() => {});
    const recorded = recording.stop();
    await replay.transmit(fromHex('00')).catch(() => {});
    expect(formatTrace(recorded)).toBe(formatTrace(parseTrace(TRACE)));
  });
});
