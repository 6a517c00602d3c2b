import type { IncomingMessage } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkHost, ownOrigins } from './host.js';
import { listenPlan, servedNames } from './loopback.js';
import { normaliseOrigin, OriginPolicy, preflightHeaders } from './origin.js';
import { RateLimiter } from './rate-limit.js';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

const ALL = ['127.0.0.1', 'localhost', '[::1]'];

describe('listenPlan and servedNames', () => {
  it.each([
    [undefined, ['127.0.0.1', '::1'], true],
    ['localhost', ['127.0.0.1', '::1'], true],
    ['127.0.0.1', ['127.0.0.1'], false],
    ['::1', ['::1'], false],
    ['[::1]', ['::1'], false],
  ])('host %s listens on %j', (host, addresses, ipv6Optional) =>
    expect(listenPlan(host)).toEqual({ addresses, ipv6Optional }),
  );
  it.each(['0.0.0.0', '::', '127.0.0.2', '10.0.0.1', 'host.local', ''])('refuses %s', (host) =>
    expect(() => listenPlan(host)).toThrow(/loopback only/),
  );
  it('serves localhost only when it holds every loopback address localhost may resolve to', () => {
    expect(servedNames(['127.0.0.1', '::1'], false)).toEqual(ALL);
    expect(servedNames(['127.0.0.1'], false)).toEqual(['127.0.0.1']);
    expect(servedNames(['127.0.0.1'], true)).toEqual(['127.0.0.1', 'localhost']);
    expect(servedNames(['::1'], false)).toEqual(['[::1]']);
  });
});

describe('checkHost', () => {
  it('accepts the names served with the port, case-insensitively', () => {
    for (const host of ['127.0.0.1:7357', 'localhost:7357', '[::1]:7357', 'LocalHost:7357']) {
      expect(() => checkHost(host, 7357, ALL)).not.toThrow();
    }
    expect(() => checkHost('localhost:7357', 7357, ['127.0.0.1'])).toThrow(
      expect.objectContaining({ code: 'BAD_HOST' }),
    );
  });
  it.each([
    undefined,
    'evil.example:7357',
    '127.0.0.1',
    '127.0.0.1:80',
    'localhost.evil.example:7357',
    '127.0.0.1:73570',
  ])('refuses %s', (host) =>
    expect(() => checkHost(host, 7357, ALL)).toThrow(expect.objectContaining({ code: 'BAD_HOST' })),
  );
  it('accepts a bare name on port 80 only', () => {
    expect(() => checkHost('localhost', 80, ALL)).not.toThrow();
    expect(ownOrigins(80, ALL)).toContain('http://localhost');
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

  it('keeps a separate window per connection (any object as the key)', () => {
    const limiter = new RateLimiter<object>({ requests: 1, windowMs: 1000 }, () => 0);
    const a = {};
    limiter.hit(a);
    expect(() => limiter.hit(a)).toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
    expect(() => limiter.hit({})).not.toThrow();
  });

  describe('on the default clock', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('opens again after its window even when the wall clock stepped back an hour', () => {
      const limiter = new RateLimiter<string>({ requests: 1, windowMs: 60_000 });
      limiter.hit('a');
      expect(() => limiter.hit('a')).toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
      vi.setSystemTime(Date.now() - 3_600_000);
      vi.advanceTimersByTime(60_000);
      expect(() => limiter.hit('a')).not.toThrow();
    });
  });
});
