import { TransportError } from './errors.js';

/**
 * Node fires a `setTimeout` longer than 2^31-1 ms (about 24.8 days) at once.
 * Every wait here is split into steps no longer than that, so a wait of
 * 30 days waits 30 days (the closed API once had to be restarted every
 * 50 days because a millisecond counter wrapped).
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Milliseconds on a clock that only moves forward, for every deadline, sleep
 * and rate window: the wall clock (`Date.now()`) jumps when NTP or a person
 * sets it, and a desk that runs for months sees such steps. Only for
 * durations; a time of day or a date kept across restarts needs the wall clock.
 */
export function monotonicNow(): number {
  return performance.now();
}

/**
 * The reason an aborted signal carries, as a `TransportError`: `TIMEOUT` for
 * a deadline (ours, or `AbortSignal.timeout()`'s `TimeoutError`), else `ABORTED`.
 */
export function abortReason(signal: AbortSignal): TransportError {
  const reason: unknown = signal.reason;
  if (TransportError.isInstance(reason)) return reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') {
    return new TransportError('TIMEOUT', 'The operation timed out', { cause: reason });
  }
  return new TransportError('ABORTED', 'The operation was aborted', { cause: reason });
}

/** When the signals made here abort by their deadline, on the monotonic clock. */
const ends = new WeakMap<AbortSignal, number>();

/**
 * Milliseconds left before `signal`'s deadline, when it is one made by
 * `deadline()` (or `anySignal()` over one); `undefined` when it has none
 * known (no signal, a plain `AbortController`, `AbortSignal.timeout()`,
 * whose deadline is not readable). For a layer that must hand a time limit
 * to a call it cannot cancel (a native call's own timeout).
 */
export function timeLeft(signal: AbortSignal | undefined): number | undefined {
  const end = signal === undefined ? undefined : ends.get(signal);
  return end === undefined ? undefined : Math.max(0, end - monotonicNow());
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReason(signal);
}

/** Waits `ms` milliseconds (any length), or rejects with the abort reason. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const end = monotonicNow() + Math.max(0, ms);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const step = () => {
      const left = end - monotonicNow();
      if (left <= 0) {
        signal?.removeEventListener('abort', onAbort);
        resolve();
        return;
      }
      timer = setTimeout(step, Math.min(left, MAX_TIMER_MS));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    step();
  });
}

export interface Deadline extends Disposable {
  readonly signal: AbortSignal;
}

/**
 * A signal that aborts with `TransportError('TIMEOUT')` after `ms`, or with
 * the parent's reason when the parent aborts first. Dispose it to clear the
 * timer. `ms` of `Infinity` means no time limit.
 */
export function deadline(ms: number, parent?: AbortSignal, what = 'The operation'): Deadline {
  return combine(parent ? [parent] : [], ms, what);
}

/**
 * A signal that aborts when any of `signals` does, with its reason. Dispose
 * it to unhook it from them. (Node 20's `AbortSignal.any` keeps every signal
 * it made alive as long as its sources live: a leak in a loop.)
 */
export function anySignal(signals: readonly AbortSignal[]): Deadline {
  return combine(signals, Number.POSITIVE_INFINITY, '');
}

function combine(parents: readonly AbortSignal[], ms: number, what: string): Deadline {
  const controller = new AbortController();
  const stop = new AbortController();
  const onAbort = (event: Event) => controller.abort(abortReason(event.target as AbortSignal));
  const unhook = () => {
    for (const parent of parents) parent.removeEventListener('abort', onAbort);
  };
  const aborted = parents.find((parent) => parent.aborted);
  if (aborted) controller.abort(abortReason(aborted));
  else for (const parent of parents) parent.addEventListener('abort', onAbort, { once: true });
  const end = Math.min(
    Number.isFinite(ms) ? monotonicNow() + Math.max(0, ms) : Number.POSITIVE_INFINITY,
    ...parents.map((parent) => ends.get(parent) ?? Number.POSITIVE_INFINITY),
  );
  if (Number.isFinite(end)) ends.set(controller.signal, end);
  if (Number.isFinite(ms) && !controller.signal.aborted) {
    sleep(ms, stop.signal).then(
      () => controller.abort(new TransportError('TIMEOUT', `${what} did not finish within ${ms} ms`)),
      () => {},
    );
  }
  controller.signal.addEventListener('abort', unhook, { once: true });
  return {
    signal: controller.signal,
    [Symbol.dispose]() {
      stop.abort();
      unhook();
    },
  };
}

/**
 * Settles with `work`, or rejects with the abort reason as soon as `signal`
 * aborts: bounds a call that cannot itself be cancelled (a native call that
 * hangs). The work goes on in the background; its late result is dropped.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      work.catch(() => {});
      reject(abortReason(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
