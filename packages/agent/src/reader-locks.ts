/**
 * One queue per reader: reads on one reader run one after the other (the
 * transport would refuse a second session with BUSY), reads on different
 * readers run in parallel. A reader's entry is dropped when its queue
 * empties, so nothing accumulates over weeks.
 */
export class ReaderLocks {
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(reader: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(reader) ?? Promise.resolve();
    let release = () => {};
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => current);
    this.#tails.set(reader, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.#tails.get(reader) === tail) this.#tails.delete(reader);
    }
  }

  /** Readers with a read running or queued (for tests of memory flatness). */
  get busy(): number {
    return this.#tails.size;
  }
}
