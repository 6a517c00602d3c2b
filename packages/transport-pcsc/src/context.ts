import type { PcscBinding, PcscContext } from './binding/port.js';
import { type FailureContext, isContextLost, toTransportError } from './errors.js';

/**
 * Owns one PC/SC context, established on first use. When a call finds it
 * dead (pcscd stopped or restarted: a context-lost code, or the library no
 * longer knows the context), it establishes a new one and retries the call
 * once, so the caller never has to restart its process.
 */
export class ContextKeeper {
  readonly #binding: () => Promise<PcscBinding>;
  #context: PcscContext | undefined;

  constructor(binding: () => Promise<PcscBinding>) {
    this.#binding = binding;
  }

  async use<T>(what: FailureContext, work: (context: PcscContext) => T | Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const context = await this.#establish(what);
      try {
        return await work(context);
      } catch (raw) {
        const error = toTransportError(raw, what);
        if (!isContextLost(error) && context.isValid()) throw error;
        this.drop();
        if (attempt > 0) throw error;
      }
    }
  }

  /** Releases the context; the next `use` establishes a new one. */
  drop(): void {
    const context = this.#context;
    this.#context = undefined;
    try {
      context?.close();
    } catch {
      // A context of a pcscd that is gone cannot be released; it is dropped all the same.
    }
  }

  async #establish(what: FailureContext): Promise<PcscContext> {
    if (this.#context) return this.#context;
    const binding = await this.#binding();
    try {
      this.#context = binding.establishContext();
    } catch (error) {
      throw toTransportError(error, what);
    }
    return this.#context;
  }
}
