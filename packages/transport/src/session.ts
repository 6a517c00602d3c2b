import { TransportError } from './errors.js';

/**
 * The bookkeeping every transport's `session()` shares: one session at a
 * time (a second one fails fast with `BUSY`), and `end` always runs once
 * `begin` succeeded, whatever `work` does.
 */
export class SessionGate {
  #open = false;

  get isOpen(): boolean {
    return this.#open;
  }

  async run<T>(begin: () => Promise<void>, end: () => Promise<void>, work: () => Promise<T>): Promise<T> {
    if (this.#open) {
      throw new TransportError('BUSY', 'A session is already open on this transport', {
        action: 'wait for that session to end (await it) before opening another',
      });
    }
    this.#open = true;
    try {
      await begin();
      let result: T;
      try {
        result = await work();
      } catch (error) {
        // The work's error is the one that matters; a failing release must not hide it.
        await end().catch(() => {});
        throw error;
      }
      await end();
      return result;
    } finally {
      this.#open = false;
    }
  }
}
