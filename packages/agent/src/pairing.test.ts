import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger, maskPersonalData } from './log.js';
import { PairingDesk, type PairingRequest } from './pairing.js';
import { ReaderLocks } from './reader-locks.js';
import { TokenStore } from './tokens.js';

function desk(now = () => 0) {
  const shown: PairingRequest[] = [];
  const tokens = new TokenStore();
  return {
    tokens,
    shown,
    desk: new PairingDesk(tokens, { announce: (r) => shown.push(r), ttlMs: 1000, now }),
  };
}

describe('PairingDesk', () => {
  it('gives a token for the code shown, bound to the origin that asked', () => {
    const { desk: d, shown, tokens } = desk();
    const { pairingId } = d.request('https://a.fr', 'A');
    expect(shown[0]!.code).toMatch(/^\d{6}$/);
    expect(() => d.confirm('https://b.fr', pairingId, shown[0]!.code)).toThrow(/No such pairing/);
    const token = d.confirm('https://a.fr', pairingId, shown[0]!.code);
    expect(tokens.verify('https://a.fr', token)).toBe(true);
    expect(tokens.verify('https://b.fr', token)).toBe(false);
    expect(() => d.confirm('https://a.fr', pairingId, shown[0]!.code)).toThrow(/No such pairing/);
  });

  it('expires a request', () => {
    let now = 0;
    const { desk: d, shown } = desk(() => now);
    const { pairingId } = d.request('https://a.fr', 'A');
    now = 1000;
    expect(() => d.confirm('https://a.fr', pairingId, shown[0]!.code)).toThrow(/expired/);
  });

  it('bounds the requests waiting per origin: one origin filling its slots leaves the others theirs', () => {
    const { desk: d } = desk();
    for (let i = 0; i < 3; i++) d.request('https://a.fr', 'A');
    expect(() => d.request('https://a.fr', 'A')).toThrow(expect.objectContaining({ code: 'BUSY' }));
    for (let i = 0; i < 3; i++) expect(() => d.request('https://b.fr', 'B')).not.toThrow();
  });
});

describe('clocks', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('expires a pairing request after its time, whatever the wall clock does', () => {
    const shown: PairingRequest[] = [];
    const d = new PairingDesk(new TokenStore(), { announce: (r) => shown.push(r), ttlMs: 1000 });
    const { pairingId } = d.request('https://a.fr', 'A');
    vi.setSystemTime(Date.now() - 3_600_000);
    vi.advanceTimersByTime(1000);
    expect(() => d.confirm('https://a.fr', pairingId, shown[0]!.code)).toThrow(/expired/);
  });
});

describe('TokenStore', () => {
  it('revokes one token or every token of an origin', () => {
    const tokens = new TokenStore();
    const a1 = tokens.issue('https://a.fr', 'A');
    tokens.issue('https://a.fr', 'A');
    const b = tokens.issue('https://b.fr', 'B');
    expect(tokens.revokeToken(a1)).toBe(true);
    expect(tokens.revokeOrigin('https://a.fr')).toBe(1);
    expect(tokens.list().map((p) => p.origin)).toEqual(['https://b.fr']);
    expect(tokens.revokeOrigin('*')).toBe(1);
    expect(tokens.verify('https://b.fr', b)).toBe(false);
  });
});

describe('TokenStore lifetime and damage', () => {
  it('expires a token after its lifetime, and says so', () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const tokens = new TokenStore(undefined, { lifetimeMs: 1000, now: () => now });
    const token = tokens.issue('https://a.fr', 'A');
    expect(tokens.verify('https://a.fr', token)).toBe(true);
    expect(tokens.list()[0]).toMatchObject({ expiresAt: '2026-01-01T00:00:01.000Z' });
    now += 1000;
    expect(tokens.verify('https://a.fr', token)).toBe(false);
    expect(tokens.list()).toEqual([]);
  });

  it('tells its listeners when tokens go: revoked, expired, or the file changed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-tokens-'));
    const file = join(dir, 'tokens.json');
    const tokens = new TokenStore(file);
    let changes = 0;
    const stop = tokens.onChange(() => changes++);
    const token = tokens.issue('https://a.fr', 'A');
    tokens.revokeToken(token);
    expect(changes).toBe(1);
    tokens.issue('https://a.fr', 'A');
    new TokenStore(file).revokeOrigin('*');
    tokens.list();
    expect(changes).toBe(2);
    stop();
  });

  it.each([
    ['not JSON', 'this is not JSON'],
    ['not a list', '{"origin":"x"}'],
    ['a list of something else', '[{"origin":1}]'],
  ])('refuses a tokens file that is %s: a typed error naming it, not a crash', (_what, content) => {
    const file = join(mkdtempSync(join(tmpdir(), 'agent-tokens-')), 'tokens.json');
    writeFileSync(file, content);
    expect(() => new TokenStore(file)).toThrow(
      expect.objectContaining({ code: 'TOKENS_FILE', message: expect.stringContaining(file) }),
    );
  });

  it('refuses a tokens file too large or that is not a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-tokens-'));
    writeFileSync(join(dir, 'big.json'), `[${' '.repeat(2 << 20)}]`);
    expect(() => new TokenStore(join(dir, 'big.json'))).toThrow(
      expect.objectContaining({ code: 'TOKENS_FILE' }),
    );
    expect(() => new TokenStore(dir)).toThrow(expect.objectContaining({ code: 'TOKENS_FILE' }));
  });
});

describe('createLogger', () => {
  it('escapes what a caller sent: one log line stays one line, with no terminal escape', () => {
    const lines: string[] = [];
    createLogger((line) => lines.push(line)).info(
      'pairing requested (x\n2026-01-01T00:00:00.000Z info paired https://evil \u001b[2J\u001b[31m)',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]?.includes('\n') || lines[0]?.includes('\u001b')).toBe(false);
    expect(lines[0]).toContain('x\\n2026-01-01T00:00:00.000Z info paired https://evil \\x1b[2J');
  });
});

describe('maskPersonalData', () => {
  it.each([
    ['NIR 185057512345673 read', 'NIR XXXXXXXXXXXXXXX read'],
    ['1 85 05 75 123 456 73', 'X XX XX XX XXX XXX XX'],
    ['2 85 05 2A 123 456', 'X XX XX XX XXX XXX'],
    ['read 2 person(s) in 35 ms', 'read 2 person(s) in 35 ms'],
  ])('%s', (line, masked) => expect(maskPersonalData(line)).toBe(masked));
});

describe('ReaderLocks', () => {
  it('runs one reader’s work in order, other readers at once, and forgets idle readers', async () => {
    const locks = new ReaderLocks();
    const order: string[] = [];
    const step = (name: string, ms: number) => async () => {
      order.push(`${name}+`);
      await new Promise((r) => setTimeout(r, ms));
      order.push(`${name}-`);
    };
    await Promise.all([
      locks.run('A', step('a1', 20)),
      locks.run('A', step('a2', 1)),
      locks.run('B', step('b', 1)),
    ]);
    expect(order.indexOf('a1-')).toBeLessThan(order.indexOf('a2+'));
    expect(order.indexOf('b-')).toBeLessThan(order.indexOf('a1-'));
    expect(locks.busy).toBe(0);
  });

  it('releases the reader when the work fails', async () => {
    const locks = new ReaderLocks();
    await expect(locks.run('A', () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(locks.run('A', async () => 1)).resolves.toBe(1);
    expect(locks.busy).toBe(0);
  });
});
