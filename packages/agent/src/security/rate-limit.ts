import { AgentError } from '../errors.js';

export interface RateLimit {
  /** Requests allowed per window. */
  readonly requests: number;
  readonly windowMs: number;
}

/**
 * A fixed-window counter per key (an allowed origin: refused origins never
 * reach it, so the map is bounded by the allowlist). No timer: a window
 * resets lazily on the next hit, so nothing runs while the agent is idle.
 */
export class RateLimiter {
  readonly #limit: RateLimit;
  readonly #now: () => number;
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(limit: RateLimit, now: () => number = Date.now) {
    this.#limit = limit;
    this.#now = now;
  }

  /** Counts one hit for `key`; throws `RATE_LIMITED` with a retry delay once over the limit. */
  hit(key: string): void {
    const now = this.#now();
    let window = this.#windows.get(key);
    if (!window || now - window.start >= this.#limit.windowMs) {
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
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
