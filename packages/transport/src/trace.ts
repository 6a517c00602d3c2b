import { OpenVitaleError } from '@openvitale/errors';
import { isTransportErrorCode, TransportError, type TransportErrorCode } from './errors.js';
import { equalBytes, fromHex, toHex } from './hex.js';
import { Listeners } from './listeners.js';
import { SessionGate } from './session.js';
import { throwIfAborted } from './timers.js';
import {
  type ApduChannel,
  type ApduTransport,
  TRANSPORT_SPECIFICATION_VERSION,
  type TransmitOptions,
  type TransportEvent,
} from './transport.js';

/**
 * The trace format, version 1 (documented in docs/trace-format.md):
 *
 *     # openvitale-trace 1
 *     # any comment
 *     R 3B 75 13 00 00 45 09 EA 90 00      the card's ATR at power-up or reset
 *     > 00 A4 04 0C 0B D2 50 00 00 02 ...   a command, as sent
 *     < 90 00                              its response, SW included
 *     ! CARD_REMOVED The card was removed  or the transport error it got
 */
export const TRACE_VERSION = 1;
const HEADER = /^# openvitale-trace (\d+)\s*$/;

export type TraceRecord =
  | { readonly kind: 'comment'; readonly text: string; readonly line?: number }
  | { readonly kind: 'reset'; readonly atr: Uint8Array; readonly line?: number }
  | {
      readonly kind: 'exchange';
      readonly command: Uint8Array;
      readonly response: Uint8Array;
      readonly line?: number;
    }
  | {
      readonly kind: 'error';
      readonly command: Uint8Array;
      readonly code: TransportErrorCode;
      readonly message: string;
      readonly line?: number;
    };

export interface Trace {
  readonly version: typeof TRACE_VERSION;
  readonly records: readonly TraceRecord[];
}

const TRACE_FORMAT_ERROR = Symbol.for('@openvitale/transport.TraceFormatError');

/** A trace file that does not follow the format; `line` is 1-based. */
export class TraceFormatError extends OpenVitaleError {
  readonly [TRACE_FORMAT_ERROR] = true;
  override readonly name = 'TraceFormatError';
  declare readonly code: 'TRACE_FORMAT';
  readonly line: number;

  constructor(line: number, message: string) {
    super('TRACE_FORMAT', `Trace line ${line}: ${message}`, {
      action: 'give a trace in the format formatTrace writes (docs/trace-format.md), or fix that line',
    });
    this.line = line;
  }

  static override isInstance(value: unknown): value is TraceFormatError {
    return typeof value === 'object' && value !== null && TRACE_FORMAT_ERROR in value;
  }
}

export function parseTrace(text: string): Trace {
  const lines = text.split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '');
  const version = first < 0 ? undefined : HEADER.exec(lines[first]!.trim())?.[1];
  if (version === undefined) {
    throw new TraceFormatError(first < 0 ? 1 : first + 1, 'missing header "# openvitale-trace 1"');
  }
  if (Number(version) !== TRACE_VERSION) {
    throw new TraceFormatError(
      first + 1,
      `version ${version} is not supported (this reader knows ${TRACE_VERSION})`,
    );
  }
  const records: TraceRecord[] = [];
  let pending: { command: Uint8Array; line: number } | undefined;
  const hex = (value: string, line: number, what: string) => {
    try {
      const bytes = fromHex(value);
      if (bytes.length === 0) throw new TypeError('empty');
      return bytes;
    } catch {
      throw new TraceFormatError(line, `${what} is not hex: "${value}"`);
    }
  };
  for (let i = first + 1; i < lines.length; i++) {
    const line = i + 1;
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    if (raw.startsWith('#')) {
      records.push({ kind: 'comment', text: raw.slice(1).trim(), line });
      continue;
    }
    const mark = raw[0];
    const rest = raw.slice(1).trim();
    if (pending && mark !== '<' && mark !== '!') {
      throw new TraceFormatError(line, `command of line ${pending.line} has no response ("<" or "!")`);
    }
    switch (mark) {
      case 'R':
        records.push({ kind: 'reset', atr: hex(rest, line, 'ATR'), line });
        break;
      case '>':
        pending = { command: hex(rest, line, 'command'), line };
        break;
      case '<': {
        if (!pending) throw new TraceFormatError(line, 'response without a command');
        const response = hex(rest, line, 'response');
        if (response.length < 2) throw new TraceFormatError(line, 'response has no status word');
        records.push({ kind: 'exchange', command: pending.command, response, line: pending.line });
        pending = undefined;
        break;
      }
      case '!': {
        if (!pending) throw new TraceFormatError(line, 'error without a command');
        const [code = '', ...words] = rest.split(/\s+/);
        if (!isTransportErrorCode(code)) throw new TraceFormatError(line, `unknown error code "${code}"`);
        records.push({
          kind: 'error',
          command: pending.command,
          code,
          message: words.join(' '),
          line: pending.line,
        });
        pending = undefined;
        break;
      }
      default:
        throw new TraceFormatError(line, `unknown record "${raw.slice(0, 20)}"`);
    }
  }
  if (pending) throw new TraceFormatError(pending.line, 'command has no response ("<" or "!")');
  return { version: TRACE_VERSION, records };
}

export function formatTrace(trace: Trace): string {
  const out = [`# openvitale-trace ${TRACE_VERSION}`];
  for (const record of trace.records) {
    switch (record.kind) {
      case 'comment':
        out.push(`# ${record.text}`);
        break;
      case 'reset':
        out.push(`R ${toHex(record.atr, ' ')}`);
        break;
      case 'exchange':
        out.push(`> ${toHex(record.command, ' ')}`, `< ${toHex(record.response, ' ')}`);
        break;
      case 'error':
        out.push(`> ${toHex(record.command, ' ')}`, `! ${record.code} ${record.message}`.trimEnd());
        break;
    }
  }
  return `${out.join('\n')}\n`;
}

export interface TraceRecording {
  /** The trace so far (a copy). */
  trace(): Trace;
  /** Stops listening and returns the trace. */
  stop(): Trace;
}

/**
 * Records every raw event of `transport`, starting with its current ATR.
 * The trace holds card data as sent and received: anonymise it before it
 * leaves the machine (the CLI's `trace` command does).
 */
export function recordTrace(transport: ApduTransport, comments: readonly string[] = []): TraceRecording {
  const records: TraceRecord[] = comments.map((text) => ({ kind: 'comment', text }));
  if (transport.atr.length > 0) records.push({ kind: 'reset', atr: transport.atr });
  const unsubscribe = transport.onEvent((event) => records.push(toRecord(event)));
  const snapshot = (): Trace => ({ version: TRACE_VERSION, records: [...records] });
  return {
    trace: snapshot,
    stop: () => {
      unsubscribe();
      return snapshot();
    },
  };
}

function toRecord(event: TransportEvent): TraceRecord {
  switch (event.type) {
    case 'reset':
      return { kind: 'reset', atr: event.atr };
    case 'exchange':
      return { kind: 'exchange', command: event.command, response: event.response };
    case 'exchange-error':
      return { kind: 'error', command: event.command, code: event.error.code, message: event.error.summary };
  }
}

/** What to do when a replay does not match its trace. */
const REPLAY_ACTION =
  'replay the trace with the read that recorded it (identification or full, as its header says) and the same reader version';

export interface ReplayOptions {
  /** The reader name the replay presents. */
  readonly reader?: string;
}

/**
 * A strict transport that plays a trace back: commands must come in the
 * recorded order and be byte-identical; a mismatch, or a record left unused
 * at `close()`, is a `TransportError('PROTOCOL')` naming the trace line
 * (its action: replay with the read that recorded it).
 * It never invents a status word.
 */
export class ReplayTransport implements ApduTransport {
  readonly specificationVersion = TRANSPORT_SPECIFICATION_VERSION;
  readonly kind = 'replay';
  readonly reader: string;
  #atr: Uint8Array;
  readonly #records: TraceRecord[];
  #next = 0;
  #closed = false;
  readonly #gate = new SessionGate();
  readonly #listeners = new Listeners<TransportEvent>();

  constructor(trace: Trace, options: ReplayOptions = {}) {
    this.reader = options.reader ?? 'Trace replay';
    this.#records = trace.records.filter((r) => r.kind !== 'comment');
    const first = this.#records[0];
    // The ATR at connection time is the trace's first reset record.
    if (first?.kind === 'reset') {
      this.#atr = first.atr;
      this.#next = 1;
    } else {
      this.#atr = new Uint8Array(0);
    }
  }

  get atr(): Uint8Array {
    return this.#atr;
  }

  /** Records not yet played. */
  get remaining(): number {
    return this.#records.length - this.#next;
  }

  async transmit(command: Uint8Array, options: TransmitOptions = {}): Promise<Uint8Array> {
    this.#checkOpen();
    throwIfAborted(options.signal);
    const record = this.#take(`command ${toHex(command, ' ')}`);
    if (record.kind === 'reset') {
      throw this.#mismatch(record, `expected a reset, got command ${toHex(command, ' ')}`);
    }
    if (record.kind === 'comment') throw new Error('unreachable: comments are filtered');
    if (!equalBytes(record.command, command)) {
      throw this.#mismatch(
        record,
        `expected command ${toHex(record.command, ' ')}, got ${toHex(command, ' ')}`,
      );
    }
    if (record.kind === 'error') {
      const error = new TransportError(record.code, record.message || `${record.code} (replayed)`, {
        nativeCode: 'replay',
      });
      this.#listeners.emit({ type: 'exchange-error', command, error, durationMs: 0 });
      throw error;
    }
    this.#listeners.emit({ type: 'exchange', command, response: record.response, durationMs: 0 });
    return record.response.slice();
  }

  async reset(options: TransmitOptions = {}): Promise<Uint8Array> {
    this.#checkOpen();
    throwIfAborted(options.signal);
    const record = this.#take('a reset');
    if (record.kind !== 'reset') throw this.#mismatch(record, 'expected a command, got a reset');
    this.#atr = record.atr;
    this.#listeners.emit({ type: 'reset', atr: record.atr });
    return record.atr.slice();
  }

  session<T>(work: (channel: ApduChannel) => Promise<T>): Promise<T> {
    this.#checkOpen();
    return this.#gate.run(
      async () => {},
      async () => {},
      () => work(this),
    );
  }

  onEvent(listener: (event: TransportEvent) => void): () => void {
    return this.#listeners.add(listener);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const left = this.#records[this.#next];
    if (left) {
      throw new TransportError(
        'PROTOCOL',
        `${this.remaining} trace record(s) left unused, from line ${left.line ?? '?'}: the read sent fewer commands than recorded`,
        { action: REPLAY_ACTION },
      );
    }
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #take(wanted: string): TraceRecord {
    const record = this.#records[this.#next];
    if (!record) {
      throw new TransportError('PROTOCOL', `Trace ended, but the reader sent ${wanted}`, {
        action: REPLAY_ACTION,
      });
    }
    this.#next++;
    return record;
  }

  #mismatch(record: TraceRecord, message: string): TransportError {
    return new TransportError('PROTOCOL', `Trace line ${record.line ?? '?'}: ${message}`, {
      action: REPLAY_ACTION,
    });
  }

  #checkOpen(): void {
    if (this.#closed) throw new TransportError('CLOSED', 'The replay transport is closed');
  }
}
