import { describe, expect, it } from 'vitest';
import { isOpenVitaleError, OpenVitaleError, withAction } from './index.js';

class LayerError extends OpenVitaleError {
  override readonly name = 'LayerError';
  declare readonly code: 'A' | 'B';
}

describe('OpenVitaleError', () => {
  it('puts what happened, then what to do, in the message; the detail apart', () => {
    const error = new OpenVitaleError('NO_READER', 'No card reader is connected.', {
      action: 'connect one, then try again.',
      detail: 'SCARD_E_NO_READERS_AVAILABLE (0x8010002E)',
    });
    expect(error.message).toBe('No card reader is connected: connect one, then try again');
    expect(error).toMatchObject({
      code: 'NO_READER',
      summary: 'No card reader is connected',
      action: 'connect one, then try again',
      detail: 'SCARD_E_NO_READERS_AVAILABLE (0x8010002E)',
    });
    expect(error.message).not.toContain('SCARD');
  });

  it('keeps the cause', () => {
    const cause = new Error('low level');
    expect(new OpenVitaleError('X', 'Failed', { action: 'retry', cause }).cause).toBe(cause);
    expect('cause' in new OpenVitaleError('X', 'Failed', { action: 'retry' })).toBe(false);
  });

  it('is recognised by one check, subclasses and other copies included', () => {
    const sub = new LayerError('A', 'Went wrong', { action: 'do this' });
    expect(isOpenVitaleError(sub)).toBe(true);
    expect(OpenVitaleError.isInstance(sub)).toBe(true);
    expect(sub.name).toBe('LayerError');
    // Another installed copy: a different class whose prototype carries the same registered symbol.
    const foreign = Object.create({ [Symbol.for('@openvitale/error')]: true }) as object;
    expect(isOpenVitaleError(foreign)).toBe(true);
    for (const other of [new Error('x'), null, undefined, 'OpenVitaleError', { code: 'NO_READER' }]) {
      expect(isOpenVitaleError(other)).toBe(false);
    }
  });

  it('serialises to JSON without the stack, the marker or the cause', () => {
    const error = new OpenVitaleError('X', 'Failed', { action: 'retry', cause: new Error('inner') });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'OpenVitaleError',
      code: 'X',
      message: 'Failed: retry',
      summary: 'Failed',
      action: 'retry',
    });
  });
});

describe('withAction', () => {
  it.each([
    ['Not found', 'look elsewhere', 'Not found: look elsewhere'],
    ['Not found.', 'look elsewhere.', 'Not found: look elsewhere'],
    ['set OPENVITALE_GALSS_LIBRARY.', 'install GALSS', 'set OPENVITALE_GALSS_LIBRARY: install GALSS'],
    ['Not found: ', 'retry', 'Not found: retry'],
    ['Not found', '', 'Not found'],
  ])('%j + %j', (summary, action, expected) => {
    expect(withAction(summary, action)).toBe(expected);
  });
});
