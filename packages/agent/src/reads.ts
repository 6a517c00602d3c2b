import { type CardRead, type ReadScope, readReader, waitForCard } from '@openvitale/reader';
import type { TransportProvider } from '@openvitale/transport';
import { ReaderLocks } from './reader-locks.js';

export interface ReadRequest {
  readonly scope: ReadScope;
  /** `auto`, a reader's exact name, or a unique part of it (as in the reader package). */
  readonly reader: string;
  readonly waitTimeoutMs: number;
  readonly timeoutMs: number;
  /** Aborted when the client goes away: the read stops and its reader is released. */
  readonly signal: AbortSignal;
}

/** Reads cards for every client of the agent, one read at a time per reader. */
export class CardReads {
  readonly provider: TransportProvider;
  readonly #locks = new ReaderLocks();

  constructor(provider: TransportProvider) {
    this.provider = provider;
  }

  /** Waits for a card in a reader the selector accepts, then reads it. */
  async next(request: ReadRequest): Promise<CardRead> {
    const reader = await waitForCard(this.provider, {
      reader: request.reader,
      waitTimeoutMs: request.waitTimeoutMs,
      signal: request.signal,
    });
    return this.on(reader, request);
  }

  /** Reads the card in `reader` now (after any read already running there). */
  on(reader: string, request: Omit<ReadRequest, 'reader' | 'waitTimeoutMs'>): Promise<CardRead> {
    return this.#locks.run(reader, async () => {
      request.signal.throwIfAborted();
      return readReader(this.provider, reader, request.scope, {
        timeoutMs: request.timeoutMs,
        signal: request.signal,
      });
    });
  }

  get busyReaders(): number {
    return this.#locks.busy;
  }
}
