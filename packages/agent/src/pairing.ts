import { randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { monotonicNow } from '@openvitale/transport';
import { AgentError } from './errors.js';
import type { TokenStore } from './tokens.js';

/** What the user sees on the agent's side (its console or log) when an application asks to pair. */
export interface PairingRequest {
  readonly origin: string;
  /** As the application named itself: outside text, escape it before printing (`printable`). */
  readonly application: string;
  readonly code: string;
  readonly expiresInMs: number;
}

export interface PairingOptions {
  /** Shows the code to the user (the console, the log). Never sent back over HTTP. */
  readonly announce: (request: PairingRequest) => void;
  readonly ttlMs?: number;
  /** Default: a monotonic clock, so a wall-clock step neither voids nor prolongs a request. */
  readonly now?: () => number;
}

interface Pending {
  readonly origin: string;
  readonly application: string;
  readonly code: string;
  readonly expiresAt: number;
  attempts: number;
}

/** Per origin: one origin (or a local program forging it) filling its slots leaves the others theirs. */
const MAX_PENDING_PER_ORIGIN = 3;
const MAX_ATTEMPTS = 3;
export const DEFAULT_PAIRING_TTL_MS = 120_000;

/**
 * Pairing: an allowed origin asks, the agent shows a 6-digit code on its
 * own console, the user types it into the web application, which confirms
 * and receives a token. The code proves the person at this session's
 * console approved this application; it never travels from the agent to
 * the browser. Three wrong codes or two minutes void a request; at most
 * three requests wait per origin.
 */
export class PairingDesk {
  readonly #tokens: TokenStore;
  readonly #announce: (request: PairingRequest) => void;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #pending = new Map<string, Pending>();

  constructor(tokens: TokenStore, options: PairingOptions) {
    this.#tokens = tokens;
    this.#announce = options.announce;
    this.#ttlMs = options.ttlMs ?? DEFAULT_PAIRING_TTL_MS;
    this.#now = options.now ?? monotonicNow;
  }

  request(origin: string, application: string): { pairingId: string; expiresInMs: number } {
    this.#expire();
    const waiting = [...this.#pending.values()].filter((p) => p.origin === origin).length;
    if (waiting >= MAX_PENDING_PER_ORIGIN) {
      throw new AgentError(
        'BUSY',
        `${MAX_PENDING_PER_ORIGIN} pairings of this origin are waiting for their code`,
        {
          action: 'type one, or try again in two minutes',
        },
      );
    }
    const pairingId = randomUUID();
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
    this.#pending.set(pairingId, {
      origin,
      application,
      code,
      expiresAt: this.#now() + this.#ttlMs,
      attempts: 0,
    });
    this.#announce({ origin, application, code, expiresInMs: this.#ttlMs });
    return { pairingId, expiresInMs: this.#ttlMs };
  }

  /** Checks the code typed by the user; returns the new token. */
  confirm(origin: string, pairingId: string, code: string): string {
    this.#expire();
    const pending = this.#pending.get(pairingId);
    if (!pending || pending.origin !== origin) {
      throw new AgentError('PAIRING_FAILED', 'No such pairing request (expired?)');
    }
    if (!sameCode(pending.code, code)) {
      pending.attempts++;
      if (pending.attempts >= MAX_ATTEMPTS) this.#pending.delete(pairingId);
      const left = MAX_ATTEMPTS - pending.attempts;
      throw new AgentError(
        'PAIRING_FAILED',
        left > 0 ? `Wrong code: ${left} attempt(s) left` : 'Wrong code three times',
        left > 0 ? { action: 'type the code the agent shows' } : {},
      );
    }
    this.#pending.delete(pairingId);
    return this.#tokens.issue(origin, pending.application);
  }

  #expire(): void {
    const now = this.#now();
    for (const [id, pending] of this.#pending) if (pending.expiresAt <= now) this.#pending.delete(id);
  }
}

function sameCode(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
