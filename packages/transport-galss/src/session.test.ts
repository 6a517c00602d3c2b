import { deadline } from '@openvitale/transport';
import { describe, expect, it } from 'vitest';
import type { GalssBinding } from './binding.js';
import { GalssSession, maxSecondsFor } from './session.js';

type Exchange = GalssBinding['exchange'];

/** A binding double whose `Echange` answers from `answer`; every call is noted. */
function fakeBinding(answer: Exchange) {
  const calls: string[] = [];
  const binding: GalssBinding = {
    clientPath: 'fake',
    openSession: async () => ({ status: 0, session: 7, lad: 2 }),
    closeSession: async () => {
      calls.push('FermerSession');
      return { status: 0, releasedExclusivity: false };
    },
    beginExclusivity: async () => ({ status: 0, exclusivity: 1, holderApp: '', holderResource: '' }),
    endExclusivity: async () => ({ status: 0 }),
    exchange: (session, seconds, request, capacity) => {
      calls.push(`Echange ${seconds}s capacity ${capacity}`);
      return answer(session, seconds, request, capacity);
    },
    resourceTable: () => Promise.reject(new Error('not used')),
  };
  return { binding, calls };
}

const PRESENCE = Uint8Array.of(0, 2, 0x16);

describe('maxSecondsFor', () => {
  it('gives the time left before the deadline, rounded up, at least 1, at most the limit', () => {
    using short = deadline(300);
    using mid = deadline(4_200);
    using long = deadline(120_000);
    expect(maxSecondsFor(short.signal, 30)).toBe(1);
    expect(maxSecondsFor(mid.signal, 30)).toBe(5);
    expect(maxSecondsFor(long.signal, 30)).toBe(30);
    expect(maxSecondsFor(undefined, 30)).toBe(30);
    expect(maxSecondsFor(new AbortController().signal, 12)).toBe(12);
    using passed = deadline(0);
    expect(maxSecondsFor(passed.signal, 30)).toBe(1);
  });
});

describe('GalssSession', () => {
  it('0010 with the room the library asked for: retried once with that capacity', async () => {
    const { binding, calls } = fakeBinding(async (_s, _t, _r, capacity) =>
      capacity < 2000
        ? { status: 0x10, response: new Uint8Array(0), length: 2000 }
        : { status: 0, response: Uint8Array.of(0, 1, 4), length: 3 },
    );
    const session = await GalssSession.open(binding, 'T', ['Vitale'], undefined);
    await expect(session.exchange(PRESENCE, undefined, 30, 'Echange')).resolves.toMatchObject({
      cardState: 1,
    });
    expect(calls).toEqual(['Echange 30s capacity 1024', 'Echange 30s capacity 2000']);
  });

  it('0010 without a size, or again after the retry: PROTOCOL at once, no useless retry', async () => {
    const unsized = fakeBinding(async (_s, _t, _r, capacity) => ({
      status: 0x10,
      response: new Uint8Array(0),
      length: capacity,
    }));
    const session = await GalssSession.open(unsized.binding, 'T', ['Vitale'], undefined);
    await expect(session.exchange(PRESENCE, undefined, 30, 'Echange')).rejects.toMatchObject({
      code: 'PROTOCOL',
      nativeCode: 'GALSS 0010',
    });
    expect(unsized.calls).toHaveLength(1);
    const greedy = fakeBinding(async (_s, _t, _r, capacity) => ({
      status: 0x10,
      response: new Uint8Array(0),
      length: capacity * 2,
    }));
    const again = await GalssSession.open(greedy.binding, 'T', ['Vitale'], undefined);
    await expect(again.exchange(PRESENCE, undefined, 30, 'Echange')).rejects.toMatchObject({
      nativeCode: 'GALSS 0010',
    });
    expect(greedy.calls).toEqual(['Echange 30s capacity 1024', 'Echange 30s capacity 2048']);
  });

  it('close waits for a call in flight, and abandons the session to it past its bound', async () => {
    let finish!: () => void;
    const { binding, calls } = fakeBinding(
      () =>
        new Promise((resolve) => {
          finish = () => resolve({ status: 0, response: Uint8Array.of(0, 0, 1), length: 3 });
        }),
    );
    const session = await GalssSession.open(binding, 'T', ['Vitale'], undefined);
    using gaveUp = deadline(20);
    await expect(session.exchange(PRESENCE, gaveUp.signal, 30, 'Echange')).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
    expect(session.stalled).toBe(true);
    using bound = deadline(30);
    await session.close(bound.signal);
    expect(calls).toEqual(['Echange 1s capacity 1024']);
    finish();
    await new Promise((r) => setTimeout(r, 10));
    expect(calls).toEqual(['Echange 1s capacity 1024', 'FermerSession']);
  });
});
