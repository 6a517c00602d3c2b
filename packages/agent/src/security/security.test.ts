import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkHost, ownOrigins } from './host.js';
import { loopbackAddress } from './loopback.js';
import { normaliseOrigin, OriginPolicy, preflightHeaders } from './origin.js';
import { RateLimiter } from './rate-limit.js';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('loopbackAddress', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::1', '::1'],
    ['[::1]', '::1'],
    ['localhost', '127.0.0.1'],
  ])('accepts %s', (host, address) => expect(loopbackAddress(host)).toBe(address));
  it.each(['0.0.0.0', '::', '127.0.0.2', '10.0.0.1', 'host.local', ''])('refuses %s', (host) =>
    expect(() => loopbackAddress(host)).toThrow(/loopback only/),
  );
});

describe('checkHost', () => {
  it('accepts loopback names with the port, case-insensitively', () => {
    for (const host of ['127.0.0.1:7357', 'localhost:7357', '[::1]:7357', 'LocalHost:7357']) {
      expect(() => checkHost(host, 7357)).not.toThrow();
    }
  });
  it.each([
    undefined,
    'evil.example:7357',
    '127.0.0.1',
    '127.0.0.1:80',
    'localhost.evil.example:7357',
    '127.0.0.1:73570',
  ])('refuses %s', (host) =>
    expect(() => checkHost(host, 7357)).toThrow(expect.objectContaining({ code: 'BAD_HOST' })),
  );
  it('accepts a bare name on port 80 only', () => {
    expect(() => checkHost('localhost', 80)).not.toThrow();
    expect(ownOrigins(80)).toContain('http://localhost');
  });
});

describe('origins', () => {
  it('normalises configured origins and refuses paths and other schemes', () => {
    expect(normaliseOrigin('HTTPS://DPI.Example.fr:443/')).toBe('https://dpi.example.fr');
    for (const bad of ['dpi.example.fr', 'ftp://x.fr', 'https://x.fr/app', 'https://u@x.fr']) {
      expect(() => normaliseOrigin(bad)).toThrow(expect.objectContaining({ code: 'BAD_OPTIONS' }));
    }
  });
  it('takes a same-origin GET from Sec-Fetch-Site and the Host, never from a cross-site one', () => {
    const policy = new OriginPolicy(['http://127.0.0.1:7357']);
    expect(policy.check(request({ host: '127.0.0.1:7357', 'sec-fetch-site': 'same-origin' }))).toBe(
      'http://127.0.0.1:7357',
    );
    expect(() => policy.check(request({ host: '127.0.0.1:7357', 'sec-fetch-site': 'cross-site' }))).toThrow(
      expect.objectContaining({ code: 'ORIGIN_REQUIRED' }),
    );
  });
  it('adds the Private Network Access answer only when asked', () => {
    expect(
      preflightHeaders(request({}), 'https://a.fr')['access-control-allow-private-network'],
    ).toBeUndefined();
    expect(
      preflightHeaders(request({ 'access-control-request-private-network': 'true' }), 'https://a.fr')[
        'access-control-allow-private-network'
      ],
    ).toBe('true');
  });
});

describe('RateLimiter', () => {
  it('counts per key in fixed windows, without timers', () => {
    let now = 0;
    const limiter = new RateLimiter({ requests: 2, windowMs: 1000 }, () => now);
    limiter.hit('a');
    limiter.hit('a');
    limiter.hit('b');
    expect(() => limiter.hit('a')).toThrow(expect.objectContaining({ code: 'RATE_LIMITED', retryAfterS: 1 }));
    now = 1000;
    expect(() => limiter.hit('a')).not.toThrow();
  });
});
