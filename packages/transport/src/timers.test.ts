import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TransportError } from './errors.js';
import {
  abortReason,
  anySignal,
  deadline,
  MAX_TIMER_MS,
  monotonicNow,
  raceAbort,
  sleep,
  timeLeft,
} from './timers.js';

const DAY = 24 * 60 * 60 * 1000;

describe('timers', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits 30 days for a 30-day sleep, never firing early', async () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    let done = false;
    void sleep(30 * DAY).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(29 * DAY);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(DAY);
    expect(done).toBe(true);
    for (const call of spy.mock.calls) expect(call[1]).toBeLessThanOrEqual(MAX_TIMER_MS);
  });

  it('rejects a sleep with ABORTED when its signal aborts', async () => {
    const controller = new AbortController();
    const waiting = sleep(DAY, controller.signal);
    controller.abort();
    const error = await waiting.catch((e: unknown) => e);
    expect(TransportError.isInstance(error) && error.code).toBe('ABORTED');
  });

  it('keeps a TransportError given as the abort reason', async () => {
    const reason = new TransportError('CARD_REMOVED', 'gone');
    await expect(sleep(10, AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it('times out a 40-day deadline after 40 days with TIMEOUT', async () => {
    using limit = deadline(40 * DAY, undefined, 'Waiting for a card');
    await vi.advanceTimersByTimeAsync(39 * DAY);
    expect(limit.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(DAY);
    expect(limit.signal.aborted).toBe(true);
    const reason = limit.signal.reason as TransportError;
    expect(reason.code).toBe('TIMEOUT');
    expect(reason.message).toMatch(/Waiting for a card/);
  });

  it('follows its parent signal, and never fires once disposed', async () => {
    const parent = new AbortController();
    const child = deadline(1000, parent.signal);
    parent.abort(new TransportError('ABORTED', 'user'));
    expect((child.signal.reason as TransportError).summary).toBe('user');
    const disposed = deadline(1000);
    disposed[Symbol.dispose]();
    await vi.advanceTimersByTimeAsync(2000);
    expect(disposed.signal.aborted).toBe(false);
  });

  it('follows any of several signals, and lets go of them once disposed', async () => {
    const a = new AbortController();
    const b = new AbortController();
    const either = anySignal([a.signal, b.signal]);
    b.abort(new TransportError('CARD_REMOVED', 'gone'));
    expect((either.signal.reason as TransportError).code).toBe('CARD_REMOVED');
    const other = anySignal([a.signal]);
    other[Symbol.dispose]();
    a.abort();
    expect(other.signal.aborted).toBe(false);
    expect(anySignal([AbortSignal.abort()]).signal.aborted).toBe(true);
  });

  it('keeps sleeps and deadlines to their length when the wall clock steps back or forward', async () => {
    let slept = false;
    void sleep(300).then(() => {
      slept = true;
    });
    using limit = deadline(1000);
    // NTP, or a user fixing the clock: the wall clock jumps, the waits must not.
    vi.setSystemTime(Date.now() - 3000);
    await vi.advanceTimersByTimeAsync(300);
    expect(slept).toBe(true);
    vi.setSystemTime(Date.now() + 3_600_000);
    expect(limit.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(700);
    expect(limit.signal.aborted).toBe(true);
  });

  it('measures time on a clock that only moves forward', async () => {
    const before = monotonicNow();
    vi.setSystemTime(Date.now() - 3_600_000);
    await vi.advanceTimersByTimeAsync(5);
    expect(monotonicNow() - before).toBe(5);
  });

  it('has no limit for an infinite deadline', async () => {
    using limit = deadline(Number.POSITIVE_INFINITY);
    await vi.advanceTimersByTimeAsync(100 * DAY);
    expect(limit.signal.aborted).toBe(false);
  });

  it('bounds a call that never settles', async () => {
    using limit = deadline(500);
    const hung = raceAbort(new Promise<never>(() => {}), limit.signal);
    const settled = hung.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(500);
    expect(((await settled) as TransportError).code).toBe('TIMEOUT');
  });

  it('passes results and errors through raceAbort', async () => {
    const controller = new AbortController();
    await expect(raceAbort(Promise.resolve(7), controller.signal)).resolves.toBe(7);
    await expect(raceAbort(Promise.reject(new Error('x')), controller.signal)).rejects.toThrow('x');
    await expect(raceAbort(Promise.resolve(1), AbortSignal.abort())).rejects.toThrow(TransportError);
    await expect(raceAbort(Promise.resolve(2), undefined)).resolves.toBe(2);
  });

  it('knows the time left before a deadline, through children and anySignal, and not otherwise', () => {
    using outer = deadline(10_000);
    using inner = deadline(60_000, outer.signal);
    using shorter = deadline(2_000, outer.signal);
    using any = anySignal([new AbortController().signal, shorter.signal]);
    vi.advanceTimersByTime(500);
    expect(timeLeft(outer.signal)).toBe(9_500);
    expect(timeLeft(inner.signal)).toBe(9_500);
    expect(timeLeft(shorter.signal)).toBe(1_500);
    expect(timeLeft(any.signal)).toBe(1_500);
    vi.advanceTimersByTime(5_000);
    expect(timeLeft(shorter.signal)).toBe(0);
    using endless = deadline(Number.POSITIVE_INFINITY);
    expect(timeLeft(endless.signal)).toBeUndefined();
    expect(timeLeft(new AbortController().signal)).toBeUndefined();
    expect(timeLeft(undefined)).toBeUndefined();
  });
});

describe('abort reasons', () => {
  it("AbortSignal.timeout()'s TimeoutError is a TIMEOUT, any other reason ABORTED", async () => {
    const timedOut = AbortSignal.timeout(1);
    await new Promise((resolve) => timedOut.addEventListener('abort', resolve));
    expect(abortReason(timedOut)).toMatchObject({ code: 'TIMEOUT' });
    expect(abortReason(AbortSignal.abort())).toMatchObject({ code: 'ABORTED' });
    expect(abortReason(AbortSignal.abort(new Error('stop')))).toMatchObject({ code: 'ABORTED' });
  });
});
