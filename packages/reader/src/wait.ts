import {
  type ApduTransport,
  deadline,
  quote,
  type ReaderEvent,
  type ReaderState,
  type TransportEvent,
  type TransportProvider,
  throwIfAborted,
} from '@openvitale/transport';
import { checkSelector, chooseReader, describeSlots, type ReaderChoice } from './choose.js';
import { checkOptions } from './config.js';
import { ReadError, readErrorFrom } from './errors.js';
import { type CardRead, type ReadOptions, type ReadScope, readCard, readIdentification } from './read.js';

export interface WaitOptions {
  /** `auto` (default), a reader's exact name, or a unique part of it. */
  readonly reader?: string;
  /** How long a person has to insert the card; apart from the read's deadline. Default 60 000 ms. */
  readonly waitTimeoutMs?: number;
  /**
   * Also wait for the reader to be plugged in. Default false: when no reader
   * is connected, or none matches `reader`, the wait fails at once with
   * `NO_READER` naming the readers present (a typo costs no timeout).
   */
  readonly waitForReader?: boolean;
  readonly signal?: AbortSignal;
}

const WAIT_OPTIONS = ['reader', 'waitTimeoutMs', 'waitForReader', 'signal'] as const;
export const DEFAULT_WAIT_TIMEOUT_MS = 60_000;
/**
 * The first look at the readers always gets this long, whatever the wait:
 * a zero wait looks once, now (one presence test per GALSS slot, which
 * answers well within it).
 */
const FIRST_LOOK_MS = 5_000;

/**
 * Waits until a reader holds a card to read (see `chooseReader`) and returns
 * its name; a wait of 0 looks once. Fails with `NO_READER` at once when no
 * reader is connected or none matches `reader` (unless `waitForReader`);
 * at the deadline with `SHARING_VIOLATION` when the reader the card may be
 * in is held by another application (naming it), else `NO_CARD` saying what
 * each reader holds, or `NO_READER` when there was still no reader.
 */
export async function waitForCard(provider: TransportProvider, options: WaitOptions = {}): Promise<string> {
  checkOptions(options, WAIT_OPTIONS, 'waitForCard');
  const timeoutMs = options.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  using limit = deadline(timeoutMs, options.signal, 'Waiting for a card');
  const selector = options.reader ?? 'auto';
  const states = new Map<string, ReaderState>();
  let choice: ReaderChoice = { reader: null, slots: [], held: [] };
  try {
    // A snapshot first, so that `auto` weighs every reader before settling for an unknown card.
    {
      using look = deadline(Math.max(timeoutMs, FIRST_LOOK_MS), options.signal, 'Looking at the readers');
      for (const state of await provider.listReaders({ signal: look.signal })) states.set(state.name, state);
    }
    if (!options.waitForReader) checkReaderPresent([...states.values()], selector);
    choice = chooseReader([...states.values()], selector);
    if (choice.reader) return choice.reader;
    throwIfAborted(limit.signal);
    for await (const event of provider.watch({ signal: limit.signal })) {
      apply(states, event);
      choice = chooseReader([...states.values()], selector);
      if (choice.reader) return choice.reader;
    }
    limit.signal.throwIfAborted();
    throw new ReadError(
      'SERVICE_UNAVAILABLE',
      'wait-for-card',
      'The reader service stopped while waiting for a card',
    );
  } catch (error) {
    const wrapped = readErrorFrom(error, 'wait-for-card');
    if (wrapped.code !== 'TIMEOUT') throw wrapped;
    if (states.size === 0) {
      throw new ReadError('NO_READER', 'wait-for-card', 'No card reader was connected during the wait', {
        action: 'connect a card reader, then try again',
        cause: error,
      });
    }
    const seconds = Math.round(timeoutMs / 1000);
    if (choice.held.length > 0) {
      throw new ReadError(
        'SHARING_VIOLATION',
        'wait-for-card',
        `No card could be read within ${seconds} s: ${describeSlots(choice.held)}; another application holds it exclusively`,
        { action: 'close that application or wait, then read again', cause: error },
      );
    }
    const which = selector === 'auto' ? 'No Vitale card' : `No card in a reader matching ${quote(selector)}`;
    throw new ReadError(
      'NO_CARD',
      'wait-for-card',
      `${which} within ${seconds} s: ${describeSlots(choice.slots)}`,
      {
        action: 'insert the carte Vitale (chip first, facing up), then read again',
        cause: error,
      },
    );
  }
}

/** `NO_READER` now, rather than a whole wait for a reader that is not there. */
function checkReaderPresent(states: readonly ReaderState[], selector: string): void {
  if (states.length === 0) {
    throw new ReadError('NO_READER', 'choose-reader', 'No card reader is connected', {
      action: 'connect a card reader, then try again (or wait for one with waitForReader)',
    });
  }
  checkSelector(
    states,
    selector,
    'give one of these names or a unique part of one (or wait for it with waitForReader)',
  );
}

/** Brings the readers' states up to date with one watch event. */
function apply(states: Map<string, ReaderState>, event: ReaderEvent): void {
  const old = states.get(event.reader) ?? { name: event.reader, card: null };
  switch (event.type) {
    case 'reader-added':
      states.set(event.reader, {
        name: event.reader,
        card: null,
        ...(event.aliases ? { aliases: event.aliases } : {}),
      });
      return;
    case 'reader-removed':
      states.delete(event.reader);
      return;
    case 'card-inserted':
      states.set(event.reader, { ...old, card: { atr: event.atr } });
      return;
    case 'card-removed':
      states.set(event.reader, { ...old, card: null });
      return;
    case 'reader-held':
      states.set(event.reader, { ...old, heldBy: event.holder });
      return;
    case 'reader-released': {
      const { heldBy: _, ...free } = old;
      states.set(event.reader, free);
      return;
    }
  }
}

export interface ReadNextOptions extends WaitOptions, ReadOptions {
  /** `identification` (default) or `full`. */
  readonly scope?: ReadScope;
  /** Listens to the raw events of the read (a trace recorder, a log). */
  readonly onEvent?: (event: TransportEvent) => void;
}

const READ_NEXT_OPTIONS = ['scope', 'onEvent', ...WAIT_OPTIONS, 'timeoutMs', 'retries', 'strict'] as const;

/**
 * What an integrator calls most: waits for a card, opens its reader, reads
 * it in one exclusive session, and closes the reader (resetting the card).
 */
export async function readNextCard(
  provider: TransportProvider,
  options: ReadNextOptions = {},
): Promise<CardRead> {
  checkOptions(options, READ_NEXT_OPTIONS, 'readNextCard');
  const {
    scope = 'identification',
    reader,
    waitTimeoutMs,
    waitForReader,
    signal,
    onEvent,
    ...readOptions
  } = options;
  const name = await waitForCard(provider, {
    ...(reader === undefined ? {} : { reader }),
    ...(waitTimeoutMs === undefined ? {} : { waitTimeoutMs }),
    ...(waitForReader === undefined ? {} : { waitForReader }),
    ...(signal === undefined ? {} : { signal }),
  });
  const listen = onEvent ? (transport: ApduTransport) => void transport.onEvent(onEvent) : undefined;
  return readReader(provider, name, scope, { ...readOptions, ...(signal ? { signal } : {}) }, listen);
}

/**
 * Opens one reader, reads its card in one exclusive session, and closes the
 * reader (resetting the card) before the result is given back: the card is
 * never held while a caller looks at the result.
 */
export async function readReader(
  provider: TransportProvider,
  reader: string,
  scope: ReadScope,
  options: ReadOptions = {},
  /** Called with the transport once open, before the read (a recorder, a listener). */
  onOpen?: (transport: ApduTransport) => void,
): Promise<CardRead> {
  let transport: ApduTransport;
  try {
    transport = await provider.open(reader, options.signal ? { signal: options.signal } : {});
  } catch (error) {
    throw readErrorFrom(error, 'connect', reader);
  }
  onOpen?.(transport);
  try {
    return await (scope === 'full' ? readCard : readIdentification)(transport, options);
  } finally {
    await transport.close().catch(() => {});
  }
}
