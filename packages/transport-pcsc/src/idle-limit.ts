/**
 * Watches a transaction for idleness: when no exchange has run for
 * `limitMs`, `onIdle` runs once and `expired` turns true. An exchange in
 * flight is never idle. Windows resets a card whose transaction stays idle
 * more than 5 s [M, Microsoft's SCardBeginTransaction remarks]; ending the
 * transaction before then keeps the card, and the other applications
 * waiting for it, out of a caller's slow work.
 */
export class IdleLimit {
  readonly #timer: NodeJS.Timeout;
  #busy = 0;
  #expired = false;
  #stopped = false;

  constructor(limitMs: number, onIdle: () => void) {
    this.#timer = setTimeout(() => {
      if (this.#busy > 0) return;
      this.#expired = true;
      onIdle();
    }, limitMs);
    this.#timer.unref();
  }

  get expired(): boolean {
    return this.#expired;
  }

  /** Runs one exchange; the idle time counts again from its end. */
  async busy<T>(work: () => Promise<T>): Promise<T> {
    this.#busy++;
    try {
      return await work();
    } finally {
      this.#busy--;
      if (!this.#expired && !this.#stopped) this.#timer.refresh();
    }
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }
}
