import { EventQueue, type ReaderEvent, readerEvents, sleep } from '@openvitale/transport';
import {
  type PcscBinding,
  type PcscContext,
  PNP_NOTIFICATION,
  type ReaderStatus,
  SCARD_STATE,
} from './binding/port.js';
import { isContextLost, toTransportError } from './errors.js';
import { isRealReader, type PcscReaderState, readerState } from './readers.js';

export interface WatchTiming {
  /** Longest wait for a change notification before checking again anyway. */
  readonly pollIntervalMs: number;
  /** While pcscd is unreachable, how often a new context is attempted. */
  readonly recoveryIntervalMs: number;
}

const known = (status: ReaderStatus): ReaderStatus => ({
  ...status,
  state: status.state & ~SCARD_STATE.CHANGED,
});

/**
 * Watches readers and cards on a context of its own (cancelling a wait is
 * context-wide; the binding runs the wait on a thread of its own). Readers
 * are listed before each wait (the PnP pseudo reader only reports readers
 * plugged in during a wait), and each wait lasts at most `pollIntervalMs`.
 * Reports the current state first, then each change, through
 * the contract's `readerEvents` ordering. When pcscd goes away its readers
 * are reported gone (`card-removed` before `reader-removed`); a new context
 * is attempted every `recoveryIntervalMs` and, once pcscd is back, the
 * readers and cards are reported again. Only a failure to start (no binding,
 * no service) ends the watch with an error.
 */
export function watchReaders(
  binding: () => Promise<PcscBinding>,
  timing: WatchTiming,
  signal?: AbortSignal,
): AsyncIterable<ReaderEvent> {
  const stop = new AbortController();
  let context: PcscContext | undefined;
  const queue = new EventQueue<ReaderEvent>(signal, () => {
    stop.abort();
    try {
      context?.cancel();
    } catch {
      // Nothing is waiting on a dead context.
    }
  });
  let current: PcscReaderState[] = [];
  const publish = (next: PcscReaderState[]) => {
    for (const event of readerEvents(current, next)) queue.push(event);
    current = next;
  };
  const drop = () => {
    try {
      context?.close();
    } catch {
      // A context of a pcscd that is gone cannot be released.
    }
    context = undefined;
  };

  const run = async () => {
    const pcsc = await binding();
    context = pcsc.establishContext();
    let pnp: ReaderStatus = { name: PNP_NOTIFICATION, state: SCARD_STATE.UNAWARE, atr: null };
    // A platform without the PnP pseudo reader reports it unknown: then the bounded poll alone finds new readers.
    let pnpSupported = true;
    while (!queue.closed) {
      try {
        context ??= pcsc.establishContext();
        const statuses = context.listReaders().filter(isRealReader);
        publish(statuses.map(readerState));
        const waitOn = pnpSupported ? [...statuses.map(known), pnp] : statuses.map(known);
        const changes = await context.getStatusChange(waitOn, timing.pollIntervalMs);
        const pnpChange = changes?.find((s) => s.name === PNP_NOTIFICATION);
        if (pnpChange && pnpChange.state & SCARD_STATE.UNKNOWN) pnpSupported = false;
        else if (pnpChange) pnp = known(pnpChange);
      } catch (raw) {
        if (queue.closed) break;
        if (isContextLost(toTransportError(raw, { action: 'Watching readers' })) || !context?.isValid()) {
          drop();
          pnp = { ...pnp, state: SCARD_STATE.UNAWARE };
          publish([]);
          await sleep(timing.recoveryIntervalMs, stop.signal);
        } else {
          // A reader left between the listing and the wait: look again shortly.
          await sleep(Math.min(100, timing.pollIntervalMs), stop.signal);
        }
      }
    }
  };

  run()
    .catch((raw: unknown) => {
      if (!queue.closed) queue.fail(toTransportError(raw, { action: 'Watching readers' }));
    })
    .finally(drop);
  return queue;
}
