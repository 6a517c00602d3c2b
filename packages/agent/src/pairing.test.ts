import { describe, expect, it } from 'vitest';
import { maskPersonalData } from './log.js';
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

  it('bounds the requests waiting', () => {
    const { desk: d } = desk();
    for (let i = 0; i < 8; i++) d.request('https://a.fr', 'A');
    expect(() => d.request('https://a.fr', 'A')).toThrow(expect.objectContaining({ code: 'BUSY' }));
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
