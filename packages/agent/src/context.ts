import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Logger } from './log.js';
import type { PairingDesk } from './pairing.js';
import type { CardReads } from './reads.js';
import type { OriginPolicy } from './security/origin.js';
import type { RateLimiter } from './security/rate-limit.js';
import type { TokenStore } from './tokens.js';

/** What every request handler shares: built once at start, no per-request state kept in it. */
export interface AgentContext {
  readonly port: number;
  /** The names the agent answers as (`Host`, its own origins): those of the addresses it holds. */
  readonly names: readonly string[];
  readonly reads: CardReads;
  readonly tokens: TokenStore;
  readonly pairing: PairingDesk;
  readonly policy: OriginPolicy;
  /** Every API call and WebSocket upgrade, per connection. */
  readonly limiter: RateLimiter<object>;
  /** Pairing requests and code attempts, per origin: far stricter. */
  readonly pairLimiter: RateLimiter;
  readonly log: Logger;
  readonly maxBodyBytes: number;
  /** Reads waiting or running over HTTP, bounded by `maxPendingReads`. */
  readonly pendingReads: { count: number };
  readonly maxPendingReads: number;
  readonly maxClients: number;
}

/** A route: the caller's origin is already checked, `cors` holds the headers every answer to it carries. */
export type Handler = (
  context: AgentContext,
  request: IncomingMessage,
  response: ServerResponse,
  origin: string,
  cors: OutgoingHttpHeaders,
) => Promise<void> | void;
