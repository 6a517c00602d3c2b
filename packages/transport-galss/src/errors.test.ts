import { isTransportErrorCode } from '@openvitale/transport';
import { describe, expect, it } from 'vitest';
import {
  describeGalssStatus,
  GALSS_ERRORS,
  galssCodeHex,
  galssError,
  TERMINAL_CRS,
  terminalError,
} from './errors.js';

describe('GALSS status map', () => {
  it.each([
    [0x0004, 'SHARING_VIOLATION'],
    [0x0100, 'TIMEOUT'],
    [0x0200, 'READER_REMOVED'],
    [0x0400, 'TIMEOUT'],
    [0x0800, 'BUSY'],
    [0x1000, 'CLOSED'],
    [0x2000, 'NO_READER'],
    [0x8001, 'SERVICE_UNAVAILABLE'],
    [0x8002, 'SERVICE_UNAVAILABLE'],
    [0x8008, 'SERVICE_UNAVAILABLE'],
    [0x8014, 'SERVICE_UNAVAILABLE'],
    [0x8015, 'PROTOCOL'],
    [0x0001, 'PROTOCOL'],
    [0x7777, 'PROTOCOL'],
  ])('%i → %s', (status, code) => {
    expect(describeGalssStatus(status).code).toBe(code);
  });

  it('keeps the native code as the vendor writes it', () => {
    const error = galssError(0x2000, 'OuvrirSession');
    expect(error).toMatchObject({ code: 'NO_READER', nativeCode: 'GALSS 2000' });
    expect(error.summary).toBe('OuvrirSession: unknown resource name');
    expect(error.detail).toBe('GALSS 2000');
    expect(galssCodeHex(4)).toBe('0004');
  });

  it('says what to do on a GALSS site: its server and galss.ini, not the PC/SC service', () => {
    expect(galssError(0x8002, 'OuvrirSession').action).toMatch(/^start the GALSS server \(galsvlux/);
    expect(galssError(0x8001, 'OuvrirSession').action).toMatch(/galss\.ini/);
    expect(galssError(0x8008, 'OuvrirSession').action).toMatch(/galss\.ini/);
    expect(galssError(0x0002, 'OuvrirSession').action).toMatch(/GALSS server/);
    for (const status of [0x0002, 0x8001, 0x8002, 0x8008]) {
      expect(galssError(status, 'OuvrirSession').action).not.toMatch(/pcscd|Smart Card/);
    }
  });

  it('maps every documented status to a contract code', () => {
    for (const meaning of [...Object.values(GALSS_ERRORS), ...Object.values(TERMINAL_CRS)]) {
      expect(isTransportErrorCode(meaning.code)).toBe(true);
    }
    expect(Object.keys(GALSS_ERRORS)).toHaveLength(17);
    expect(Object.keys(TERMINAL_CRS)).toHaveLength(16);
  });
});

describe('terminal CR map', () => {
  it.each([
    [0x11, 'CARD_MUTE', 'CR 11'],
    [0x10, 'CARD_MUTE', 'CR 10'],
    [0x16, 'CARD_REMOVED', 'CR 16'],
    [0x17, 'NO_CARD', 'CR 17'],
    [0x05, 'TIMEOUT', 'CR 05'],
    [0x04, 'CARD_REMOVED', 'CR 04'],
    [0x13, 'PROTOCOL', 'CR 13'],
    [0x99, 'PROTOCOL', 'CR 99'],
  ])('CR %i → %s', (cr, code, nativeCode) => {
    expect(terminalError(cr, 'x')).toMatchObject({ code, nativeCode });
  });

  it('a card absent after power-up was removed', () => {
    expect(terminalError(0x17, 'x', { cardWasPresent: true }).code).toBe('CARD_REMOVED');
  });

  it('a one-byte answer is a refusal, whatever the byte', () => {
    expect(terminalError(0x11, 'x', { refused: true })).toMatchObject({
      code: 'PROTOCOL',
      nativeCode: 'CR 11',
    });
  });
});
