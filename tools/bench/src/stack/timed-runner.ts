import { CardRunner, type ExchangeResult } from '@openvitale/virtual-card';

/**
 * A card runner that notes when the card saw its first command and sent its
 * last answer: the span of a read as the card lives it, whichever program
 * (ours, cardpeek) drives it. `mark()` starts a new span.
 */
export class TimedRunner extends CardRunner {
  #first: number | undefined;
  #last: number | undefined;
  #count = 0;

  override async exchange(command: Uint8Array, signal?: AbortSignal): Promise<ExchangeResult> {
    this.#first ??= performance.now();
    this.#count++;
    const result = await super.exchange(command, signal);
    this.#last = performance.now();
    return result;
  }

  mark(): void {
    this.#first = undefined;
    this.#last = undefined;
    this.#count = 0;
  }

  /** APDUs and milliseconds from the first command to the last answer since `mark()`. */
  span(): { apdus: number; ms: number } {
    const ms = this.#first === undefined || this.#last === undefined ? 0 : this.#last - this.#first;
    return { apdus: this.#count, ms };
  }
}
