import { monotonicNow } from '@openvitale/transport';
import { AgentError } from '../errors.js';

export interface RateLimit {
  /** Requests allowed per window. */
  readonly requests: number;
  readonly windowMs: number;
}

interface Window {
  start: number;
  count: number;
}

/**
 * A fixed-window counter per key: an allowed origin (refused origins never
 * reach it, so that map is bounded by the allowlist), or a connection (any
 * object; held weakly, so a closed connection's window goes with it). No
 * timer: a window resets lazily on the next hit, so nothing runs while the
 * agent is idle. Windows are measured on a monotonic clock: a wall-clock
 * step back does not keep a limit closed.
 */
export class RateLimiter<K extends string | object = string> {
  readonly #limit: RateLimit;
  readonly #now: () => number;
  readonly #byName = new Map<string, Window>();
  readonly #byObject = new WeakMap<object, Window>();

  constructor(limit: RateLimit, now: () => number = monotonicNow) {
    this.#limit = limit;
    this.#now = now;
  }

  /** Counts one hit for `key`; throws `RATE_LIMITED` with a retry delay once over the limit. */
  hit(key: K): void {
    const now = this.#now();
    let window = typeof key === 'string' ? this.#byName.get(key) : this.#byObject.get(key);
    if (!window || now - window.start >= this.#limit.windowMs) {
      window = { start: now, count: 0 };
      if (typeof key === 'string') this.#byName.set(key, window);
      else this.#byObject.set(key, window);
    }
    window.count++;
    if (window.count > this.#limit.requests) {
      const retryAfterS = Math.max(1, Math.ceil((window.start + this.#limit.windowMs - now) / 1000));
      throw new AgentError('RATE_LIMITED', 'Too many requests', {
        action: `try again in ${retryAfterS} s`,
        retryAfterS,
      });
    }
  }
}
