import { isOpenVitaleError } from '@openvitale/errors';
import { describe, expect, it } from 'vitest';
import {
  ApduFormatError,
  CardStatusError,
  isTransportErrorCode,
  TRANSPORT_ERROR_ACTIONS,
  TRANSPORT_ERROR_CODES,
  TransportError,
} from './errors.js';
import { fromHex } from './hex.js';
import { describeStatusWord } from './status-words.js';

describe('errors', () => {
  it('keep a stable code, the native code and the cause', () => {
    const cause = new Error('SCARD_E_NO_SERVICE');
    const error = new TransportError('SERVICE_UNAVAILABLE', 'pcscd is not running', {
      nativeCode: 0x8010001d,
      cause,
    });
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.nativeCode).toBe(0x8010001d);
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('TransportError');
    expect(error).toBeInstanceOf(Error);
  });

  it('say what to do after what happened, the native code apart', () => {
    const error = new TransportError('SERVICE_UNAVAILABLE', 'pcscd is not running.', {
      nativeCode: 'SCARD_E_NO_SERVICE',
    });
    expect(error.message).toBe(`pcscd is not running: ${TRANSPORT_ERROR_ACTIONS.SERVICE_UNAVAILABLE}`);
    expect(error.detail).toBe('SCARD_E_NO_SERVICE');
    const own = new TransportError('NO_READER', 'No reader "X"', { action: 'name one of "A", "B"' });
    expect(own.message).toBe('No reader "X": name one of "A", "B"');
    for (const code of TRANSPORT_ERROR_CODES) expect(TRANSPORT_ERROR_ACTIONS[code]).toMatch(/^[a-z]/);
    for (const each of [error, new ApduFormatError('x'), new CardStatusError(0x6a82, fromHex('00A4'))]) {
      expect(isOpenVitaleError(each)).toBe(true);
      expect(each.action).not.toBe('');
    }
  });

  it('are recognised across two installed copies of the package (Symbol.for marker)', () => {
    // What another copy's class would produce: a different class with the same registered marker.
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('@openvitale/transport.TransportError')]: true,
      code: 'NO_CARD',
    });
    expect(TransportError.isInstance(foreign)).toBe(true);
    expect(foreign instanceof TransportError).toBe(false);
    expect(TransportError.isInstance(new Error('plain'))).toBe(false);
    expect(TransportError.isInstance(null)).toBe(false);
    expect(CardStatusError.isInstance(new TransportError('NO_CARD', 'x'))).toBe(false);
    expect(ApduFormatError.isInstance(new ApduFormatError('x'))).toBe(true);
  });

  it('describe a refused command with its status word', () => {
    const error = new CardStatusError(0x6982, fromHex('00B0850000'));
    expect(error.summary).toBe('The card refused the command (security status not satisfied)');
    expect(error.message).toMatch(
      /^The card refused the command \(security status not satisfied\): send a command/,
    );
    expect(error.detail).toBe('SW 6982 to 00 B0 85 00');
    expect(error.code).toBe('CARD_STATUS');
    expect(isOpenVitaleError(error)).toBe(true);
  });

  it('know their codes', () => {
    expect(isTransportErrorCode('CARD_REMOVED')).toBe(true);
    expect(isTransportErrorCode('card_removed')).toBe(false);
  });
});

describe('status words', () => {
  it.each([
    [0x9000, 'success', 'success'],
    [0x6110, 'more-data', '16 bytes still available (GET RESPONSE)'],
    [0x6100, 'more-data', '256 bytes still available (GET RESPONSE)'],
    [0x6282, 'warning', 'end of file or record reached before reading Ne bytes'],
    [0x63c2, 'warning', 'counter: 2'],
    [0x6581, 'execution-error', 'memory failure'],
    [0x6c1e, 'checking-error', 'wrong Le, exact length is 30'],
    [0x6982, 'security', 'security status not satisfied'],
    [0x6985, 'security', 'conditions of use not satisfied'],
    [0x6a82, 'checking-error', 'file or application not found'],
    [0x6b00, 'checking-error', 'wrong parameters P1-P2 (offset outside the EF)'],
    [0x6d00, 'checking-error', 'instruction code not supported or invalid'],
    [0x6e00, 'checking-error', 'class not supported'],
    [0x6a99, 'checking-error', 'wrong parameters P1-P2'],
    [0x9f10, 'unknown', 'status not defined by ISO 7816-4'],
    [0x9001, 'unknown', 'success with proprietary information'],
  ])('%s', (sw, category, message) => {
    expect(describeStatusWord(sw)).toEqual({ sw, category, message });
  });
});
