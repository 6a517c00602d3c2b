/** An event as a watcher reported it, stamped when it reached us. */
export interface Stamped {
  readonly type: string;
  readonly reader: string;
  readonly at: number;
}

/**
 * Collects a watcher's events and lets a driver wait for the next one of a
 * type, bounded in time: a lost event fails the cycle instead of hanging.
 */
export class EventLog {
  readonly #events: Stamped[] = [];
  #wake: (() => void) | undefined;

  push(type: string, reader: string, at = performance.now()): void {
    this.#events.push({ type, reader, at });
    this.#wake?.();
  }

  /** Where the next `next()` starts looking. */
  get cursor(): number {
    return this.#events.length;
  }

  async next(type: string, reader: string, from: number, timeoutMs: number): Promise<Stamped> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = this.#events.slice(from).find((e) => e.type === type && e.reader === reader);
      if (found) return found;
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`no "${type}" event from "${reader}" within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Forgets what was read (a 10,000-cycle loop keeps nothing). */
  clear(): void {
    this.#events.length = 0;
  }
}
