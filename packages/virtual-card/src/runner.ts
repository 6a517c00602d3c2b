import {
  encodeResponse,
  formatTrace,
  monotonicNow,
  sleep,
  TRACE_VERSION,
  type Trace,
  type TraceRecord,
  throwIfAborted,
  toHex,
} from '@openvitale/transport';
import type { VirtualCard } from './card.js';
import { corrupt, type Fault, faultsAt } from './faults.js';
import type { RefusedCommand } from './iso/refused.js';
import { exchangeTimeMs, type TimingModel, timingFromAtr } from './timing.js';

export interface RunnerOptions {
  /** Faults planned by APDU number. */
  readonly faults?: readonly Fault[];
  /** `true` for the model from the card's ATR, or figures to override; off by default. */
  readonly timing?: boolean | Partial<TimingModel>;
}

/** What became of one command. */
export type ExchangeResult =
  | { readonly kind: 'response'; readonly response: Uint8Array; readonly removeAfter: boolean }
  /** The card left the reader before answering. */
  | { readonly kind: 'removed' }
  /** The card answers nothing. */
  | { readonly kind: 'mute' };

/**
 * A card in a slot: the card itself, plus what a connector needs around it —
 * planned faults, the timing model, the APDU count and a log of everything
 * received and sent in the `@openvitale/transport` trace format.
 */
export class CardRunner {
  readonly card: VirtualCard;
  readonly timing: TimingModel | undefined;
  readonly #faults: readonly Fault[];
  readonly #log: TraceRecord[] = [];
  #count = 0;
  #mute = false;

  constructor(card: VirtualCard, options: RunnerOptions = {}) {
    this.card = card;
    this.#faults = options.faults ?? [];
    const timing = options.timing ?? false;
    this.timing = timing === false ? undefined : timingFromAtr(card.atr, timing === true ? {} : timing);
  }

  get atr(): Uint8Array {
    return this.card.atr;
  }

  /** Commands received since insertion (the numbering of `Fault.apdu`). */
  get apduCount(): number {
    return this.#count;
  }

  get refused(): readonly RefusedCommand[] {
    return this.card.refused;
  }

  /** Power-up or warm reset: volatile state and muteness end; logged as an `R` line. */
  reset(): Uint8Array {
    this.#mute = false;
    const atr = this.card.reset();
    this.#log.push({ kind: 'reset', atr });
    return atr;
  }

  powerOff(): void {
    this.#mute = false;
    this.card.powerOff();
    this.#log.push({ kind: 'comment', text: 'power off' });
  }

  comment(text: string): void {
    this.#log.push({ kind: 'comment', text });
  }

  async exchange(command: Uint8Array, signal?: AbortSignal): Promise<ExchangeResult> {
    const n = ++this.#count;
    const effect = faultsAt(this.#faults, n);
    if (effect.removeBefore) {
      this.#log.push({
        kind: 'error',
        command,
        code: 'CARD_REMOVED',
        message: `fault: removed before APDU ${n}`,
      });
      return { kind: 'removed' };
    }
    if (effect.mute) this.#mute = true;
    if (this.#mute) {
      this.#log.push({ kind: 'error', command, code: 'CARD_MUTE', message: `fault: no answer to APDU ${n}` });
      return { kind: 'mute' };
    }
    let response =
      effect.sw === undefined
        ? this.card.process(command)
        : encodeResponse({ data: new Uint8Array(0), sw: effect.sw });
    if (effect.corrupt.length > 0) response = corrupt(response, effect.corrupt);
    const wait = effect.delayMs + (this.timing ? exchangeTimeMs(command, response, this.timing) : 0);
    if (wait > 0) await waitPrecisely(wait, signal);
    if (effect.sw !== undefined || effect.corrupt.length > 0 || effect.delayMs > 0) {
      this.#log.push({ kind: 'comment', text: `fault on APDU ${n}: ${describe(effect.sw, effect.delayMs)}` });
    }
    this.#log.push({ kind: 'exchange', command, response });
    if (effect.removeAfter) this.#log.push({ kind: 'comment', text: `fault: removed after APDU ${n}` });
    return { kind: 'response', response, removeAfter: effect.removeAfter };
  }

  /** Everything received and sent so far. */
  trace(): Trace {
    return { version: TRACE_VERSION, records: [...this.#log] };
  }

  formatTrace(): string {
    return formatTrace(this.trace());
  }
}

/**
 * The timing model's waits are a few milliseconds each: `setTimeout` wakes
 * up to about 1 ms late, which alone would add 20 % to a modelled read.
 * Sleep to 2 ms short of the deadline, then yield until it has passed.
 */
async function waitPrecisely(ms: number, signal: AbortSignal | undefined): Promise<void> {
  const end = monotonicNow() + ms;
  if (ms > PRECISE_TAIL_MS) await sleep(ms - PRECISE_TAIL_MS, signal);
  while (monotonicNow() < end) {
    throwIfAborted(signal);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

const PRECISE_TAIL_MS = 2;

function describe(sw: number | undefined, delayMs: number): string {
  const parts = [];
  if (sw !== undefined) parts.push(`status ${toHex(Uint8Array.of(sw >> 8, sw & 0xff))}`);
  if (delayMs > 0) parts.push(`late by ${delayMs} ms`);
  return parts.join(', ') || 'corrupted response';
}
