import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  apduCase,
  type CommandApdu,
  decodeCommand,
  encodeCommand,
  encodeResponse,
  parseResponse,
} from './apdu.js';
import { ApduFormatError, TransportError } from './errors.js';
import { fromHex, toHex } from './hex.js';

const header = { cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x00 };
const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => i & 0xff);

describe('encodeCommand', () => {
  it.each<[string, CommandApdu, string, string]>([
    ['case 1', header, '00A40400', 'header only'],
    ['case 2S', { ...header, le: 0x1e }, '00A404001E', 'Le byte'],
    ['case 2S, Ne 256', { ...header, le: 256 }, '00A4040000', 'Le 00 means 256'],
    ['case 3S', { ...header, data: fromHex('3F00') }, '00A40400023F00', 'Lc + data, no Le'],
    ['case 4S', { ...header, data: fromHex('3F00'), le: 256 }, '00A40400023F0000', 'Lc + data + Le'],
    ['case 2E', { ...header, le: 257 }, '00A40400000101', 'Ne over 256 needs 3-byte Le'],
    ['case 2E, Ne 65536', { ...header, le: 65536 }, '00A40400000000', 'Le 0000 means 65536'],
  ])('%s', (_name, command, hex, _why) => {
    expect(toHex(encodeCommand(command))).toBe(hex);
  });

  it('uses extended lengths for more than 255 data bytes (case 3E and 4E)', () => {
    const data = bytes(300);
    expect(toHex(encodeCommand({ ...header, data }).subarray(0, 7))).toBe('00A40400' + '00012C');
    const case4 = encodeCommand({ ...header, data, le: 256 });
    expect(case4.length).toBe(4 + 3 + 300 + 2);
    expect(toHex(case4.subarray(-2))).toBe('0100');
  });

  it('uses extended lengths on request', () => {
    expect(toHex(encodeCommand({ ...header, data: fromHex('3F00') }, { extended: true }))).toBe(
      '00A4040000000' + '23F00',
    );
  });

  it.each<[CommandApdu, RegExp]>([
    [{ ...header, cla: 256 }, /CLA must be a byte/],
    [{ ...header, ins: -1 }, /INS must be a byte/],
    [{ ...header, p1: 1.5 }, /P1 must be a byte/],
    [{ ...header, p2: Number.NaN }, /P2 must be a byte/],
    [{ ...header, cla: 0xff }, /reserved/],
    [{ ...header, ins: 0x61 }, /status bytes/],
    [{ ...header, ins: 0x90 }, /status bytes/],
    [{ ...header, le: 0 }, /Le/],
    [{ ...header, le: 65537 }, /Le/],
    [{ ...header, data: bytes(65536) }, /exceeds/],
  ])('rejects %o with a typed error', (command, message) => {
    const attempt = () => encodeCommand(command);
    expect(attempt).toThrow(ApduFormatError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect(ApduFormatError.isInstance(error)).toBe(true);
    }
  });
});

describe('decodeCommand', () => {
  it.each([
    ['00A40400', 1],
    ['00B0820000', 2],
    ['00A40400023F00', 3],
    ['00A40400023F0000', 4],
    ['00A40400000101', 2],
    ['00A4040000000' + '23F00', 3],
    ['00A4040000000' + '23F000100', 4],
  ])('parses %s as case %i', (hex, expectedCase) => {
    const command = decodeCommand(fromHex(hex));
    expect(apduCase(command)).toBe(expectedCase);
  });

  it.each(['00A404', '00A4040003AABB', '00A404000000', '00A404000000023F'])('rejects malformed %s', (hex) => {
    expect(() => decodeCommand(fromHex(hex))).toThrow(ApduFormatError);
  });

  it('decodes what it encodes (property)', () => {
    const command = fc.record(
      {
        cla: fc.integer({ min: 0, max: 0xfe }),
        ins: fc.integer({ min: 0, max: 0xff }).filter((i) => ![0x60, 0x90].includes(i & 0xf0)),
        p1: fc.integer({ min: 0, max: 0xff }),
        p2: fc.integer({ min: 0, max: 0xff }),
        data: fc.uint8Array({ minLength: 1, maxLength: 600 }),
        le: fc.integer({ min: 1, max: 65536 }),
      },
      { requiredKeys: ['cla', 'ins', 'p1', 'p2'] },
    );
    fc.assert(
      fc.property(command, fc.boolean(), (apdu, extended) => {
        const decoded = decodeCommand(encodeCommand(apdu, { extended }));
        expect(decoded).toEqual(apdu);
      }),
    );
  });
});

describe('responses', () => {
  it('keeps data and SW apart', () => {
    const response = parseResponse(fromHex('CAFE9000'));
    expect(toHex(response.data)).toBe('CAFE');
    expect(response.sw).toBe(0x9000);
    expect(toHex(encodeResponse(response))).toBe('CAFE9000');
  });

  it('rejects a response without a status word as a protocol error', () => {
    expect(() => parseResponse(fromHex('90'))).toThrow(TransportError);
  });
});
