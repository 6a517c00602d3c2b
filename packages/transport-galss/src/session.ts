import {
  abortReason,
  deadline,
  raceAbort,
  sleep,
  TransportError,
  throwIfAborted,
  timeLeft,
} from '@openvitale/transport';
import type { GalssBinding } from './binding.js';
import { describeGalssStatus, G_ERRBUFFER, G_ERREXCL, galssError } from './errors.js';
import { type PssResponse, parsePssResponse } from './pss.js';
import { openSession } from './session-open.js';

/** Room for 256 data bytes, SW1 SW2 and the three PSS bytes, with margin. */
const RESPONSE_CAPACITY = 1024;
/** The most a library may ask for after `0010`: a PSS answer is a few hundred bytes, more is a broken library. */
const MAX_RESPONSE_CAPACITY = 0x10000;

/** Who holds a LAD, as `DebutExclusivite` names it on `0004` (empty when the library names nobody). */
export interface Holder {
  readonly holderApp: string;
  readonly holderResource: string;
}

export interface ExclusivityWait {
  /** Pause between two attempts while another application holds the LAD. */
  readonly retryMs: number;
  /** Bound on the whole wait, beside the caller's signal. */
  readonly timeoutMs: number;
}

/**
 * `maxSeconds` of an `Echange`, the library's own time limit in whole
 * seconds: the time left before the caller's deadline, rounded up, at least
 * 1 and at most `limit`; `limit` when the caller's signal carries no
 * deadline this package can read (`timeLeft`).
 */
export function maxSecondsFor(signal: AbortSignal | undefined, limit: number): number {
  const left = timeLeft(signal);
  if (left === undefined) return limit;
  return Math.max(1, Math.min(limit, Math.ceil(left / 1000)));
}

/**
 * One GALSS session (docs/domain/official-api.md §2.2) and the discipline
 * its calls need. A native call cannot be cancelled: one the caller gave up
 * on goes on, so every call on the session waits for the one before it to
 * end, and none ever overlaps another. `close()` waits for a call in flight,
 * or abandons the session: it is then closed as soon as that call ends, and
 * nothing else is sent on it meanwhile.
 */
export class GalssSession {
  readonly number: number;
  /** The LAD byte of this resource in PSS requests. */
  readonly lad: number;
  /** The name that opened: the resource asked for, or one of its aliases. */
  readonly resource: string;
  readonly appName: string;
  readonly #binding: GalssBinding;
  /** The last call on the session, settled or not; never rejects. */
  #tail: Promise<unknown> = Promise.resolve();
  #exclusivity: number | undefined;
  #stalled = false;
  #closing: Promise<void> | undefined;

  private constructor(binding: GalssBinding, opened: Awaited<ReturnType<typeof openSession>>) {
    this.#binding = binding;
    this.number = opened.session;
    this.lad = opened.lad;
    this.resource = opened.resource;
    this.appName = opened.appName;
  }

  /** `OuvrirSession` on the first of `names` GALSS knows (see `openSession`). */
  static async open(
    binding: GalssBinding,
    appName: string,
    names: readonly string[],
    signal: AbortSignal | undefined,
  ): Promise<GalssSession> {
    return new GalssSession(binding, await openSession(binding, appName, names, signal));
  }

  /** The last exchange was given up on or timed out: the terminal may be stuck, sending it more is futile. */
  get stalled(): boolean {
    return this.#stalled;
  }

  /** One PSS request and its answer; `limit` caps `maxSeconds` (see `maxSecondsFor`). */
  async exchange(
    request: Uint8Array,
    signal: AbortSignal | undefined,
    limit: number,
    what: string,
  ): Promise<PssResponse> {
    let capacity = RESPONSE_CAPACITY;
    for (let retried = false; ; retried = true) {
      const seconds = maxSecondsFor(signal, limit);
      let result: Awaited<ReturnType<GalssBinding['exchange']>>;
      try {
        result = await this.#call(
          () => this.#binding.exchange(this.number, seconds, request, capacity),
          signal,
        );
      } catch (error) {
        this.#stalled = true;
        throw error;
      }
      // Too small: worth one more try only when the library said how much room it needs.
      const needed = result.length;
      if (result.status === G_ERRBUFFER && !retried && needed > capacity && needed <= MAX_RESPONSE_CAPACITY) {
        capacity = needed;
        continue;
      }
      this.#stalled = result.status !== 0 && describeGalssStatus(result.status).code === 'TIMEOUT';
      if (result.status !== 0) throw galssError(result.status, what);
      return parsePssResponse(result.response);
    }
  }

  /**
   * One `DebutExclusivite` at LAD level (`"<session>:3"`): `undefined` once
   * granted, the holder on `0004`. A grant that comes after the caller gave
   * up is given back.
   */
  async tryExclusivity(signal: AbortSignal | undefined): Promise<Holder | undefined> {
    const result = await this.#call(
      () => this.#binding.beginExclusivity(`${this.number}:3`),
      signal,
      (late) => (late.status === 0 ? this.#binding.endExclusivity(late.exclusivity) : undefined),
    );
    if (result.status === 0) {
      this.#exclusivity = result.exclusivity;
      return undefined;
    }
    if (result.status === G_ERREXCL)
      return { holderApp: result.holderApp, holderResource: result.holderResource };
    throw galssError(result.status, `DebutExclusivite on "${this.resource}"`);
  }

  /**
   * `DebutExclusivite` again every `retryMs` while another application holds
   * the LAD (what a vendor client does, §2.2), bounded by `timeoutMs` and the
   * caller's signal. A deadline (either, or `AbortSignal.timeout()`) that
   * passes while the LAD is still held is `SHARING_VIOLATION` naming the
   * holder; an explicit abort stays `ABORTED`.
   */
  async acquireExclusivity(signal: AbortSignal | undefined, wait: ExclusivityWait): Promise<void> {
    using bound = deadline(wait.timeoutMs, signal, 'Waiting for GALSS exclusivity');
    let holder: Holder | undefined;
    try {
      for (;;) {
        holder = await this.tryExclusivity(bound.signal);
        if (!holder) return;
        await sleep(wait.retryMs, bound.signal);
      }
    } catch (error) {
      const reason = bound.signal.aborted ? abortReason(bound.signal) : undefined;
      if (holder && reason?.code === 'TIMEOUT') {
        const who = holder.holderApp ? `"${holder.holderApp}"` : 'another application';
        throw new TransportError('SHARING_VIOLATION', `${who} holds "${this.resource}" exclusively`, {
          nativeCode: 'GALSS 0004',
          cause: reason,
        });
      }
      throw error;
    }
  }

  /** Resolves `true` once no call is in flight, `false` if `signal` aborts first. */
  idle(signal: AbortSignal): Promise<boolean> {
    return raceAbort(this.#tail, signal).then(
      () => true,
      () => false,
    );
  }

  /**
   * `FinExclusivite` (when held) and `FermerSession`, queued behind any call
   * in flight. Waits for them until `signal` aborts; past that the session is
   * abandoned to them, which run when that call ends. Never throws.
   */
  close(signal: AbortSignal): Promise<void> {
    if (!this.#closing) {
      const done = this.#tail.then(async () => {
        if (this.#exclusivity !== undefined) await this.#binding.endExclusivity(this.#exclusivity);
        this.#exclusivity = undefined;
        await this.#binding.closeSession(this.number);
      });
      this.#tail = done.catch(() => {});
      this.#closing = raceAbort(done, signal).catch(() => {});
    }
    return this.#closing;
  }

  /**
   * Starts `start` once the call before it has ended, and settles with it or
   * with the caller's abort. Given up on, the call still runs; `late` then
   * sees its result (a grant to give back), in turn, before any later call.
   */
  #call<R>(
    start: () => Promise<R>,
    signal: AbortSignal | undefined,
    late?: (value: R) => unknown,
  ): Promise<R> {
    let gaveUp = false;
    const turn = this.#tail.then(() => {
      throwIfAborted(signal);
      return start();
    });
    this.#tail = turn
      .then(
        async (value) => {
          if (gaveUp && late) await late(value);
        },
        () => {},
      )
      .catch(() => {});
    return raceAbort(turn, signal).catch((error: unknown) => {
      gaveUp = true;
      throw error;
    });
  }
}
