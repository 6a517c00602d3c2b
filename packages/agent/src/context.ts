import type { Logger } from './log.js';
import type { PairingDesk } from './pairing.js';
import type { CardReads } from './reads.js';
import type { OriginPolicy } from './security/origin.js';
import type { RateLimiter } from './security/rate-limit.js';
import type { TokenStore } from './tokens.js';

/** What every request handler shares: built once at start, no per-request state kept in it. */
export interface AgentContext {
  readonly port: number;
  readonly reads: CardReads;
  readonly tokens: TokenStore;
  readonly pairing: PairingDesk;
  readonly policy: OriginPolicy;
  /** Every API call and WebSocket upgrade, per origin. */
  readonly limiter: RateLimiter;
  /** Pairing requests and code attempts, per origin: far stricter. */
  readonly pairLimiter: RateLimiter;
  readonly log: Logger;
  readonly maxBodyBytes: number;
  /** Reads waiting or running over HTTP, bounded by `maxPendingReads`. */
  readonly pendingReads: { count: number };
  readonly maxPendingReads: number;
  readonly maxClients: number;
}
