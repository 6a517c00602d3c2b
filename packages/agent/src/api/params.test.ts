import { describe, expect, it } from 'vitest';
import { readParams } from './params.js';

describe('readParams', () => {
  it('defaults to an identification read, JSON, not redacted, auto reader', () => {
    expect(readParams({}, undefined)).toEqual({
      scope: 'identification',
      reader: 'auto',
      waitTimeoutMs: 60_000,
      timeoutMs: 10_000,
      format: 'json',
      xmlProfile: 'official',
      redact: false,
    });
  });
  it('takes XML from Accept unless the body says otherwise', () => {
    expect(readParams({}, 'application/xml').format).toBe('xml');
    expect(readParams({ format: 'json' }, 'application/xml').format).toBe('json');
    expect(readParams({}, 'application/json, application/xml').format).toBe('json');
  });
  it.each([
    [{ scope: 'all' }, /scope/],
    [{ waitTimeoutMs: 600_001 }, /waitTimeoutMs/],
    [{ timeoutMs: 1.5 }, /timeoutMs/],
    [{ reader: '' }, /reader/],
    [{ extra: 1 }, /unknown field/],
    [{ format: 'xml', xmlProfile: 'full' }, /xmlProfile/],
    [{ xmlProfile: 'extended' }, /applies to XML only/],
  ])('refuses %j', (body, message) => expect(() => readParams(body, undefined)).toThrow(message));
});
