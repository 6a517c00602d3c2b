import type { AddressInfo } from 'node:net';
import type { TransportProvider } from '@openvitale/transport';
import type { AgentContext } from './context.js';
import { DemoPage } from './demo/static.js';
import { createLogger } from './log.js';
import { type AgentOptions, checkPort, DEFAULT_PORT, resolveProvider } from './options.js';
import { PairingDesk } from './pairing.js';
import { CardReads } from './reads.js';
import { ownOrigins } from './security/host.js';
import { loopbackAddress } from './security/loopback.js';
import { OriginPolicy } from './security/origin.js';
import { RateLimiter } from './security/rate-limit.js';
import { createAgentServer } from './server.js';
import { TokenStore } from './tokens.js';

/** A running agent. */
export interface Agent {
  /** `http://127.0.0.1:7357` (the demo page is at `/`, the API under `/v1`). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Every origin allowed to call, the demo page's included. */
  readonly allowedOrigins: readonly string[];
  /** The pairing tokens: list and revoke them. */
  readonly tokens: TokenStore;
  readonly provider: TransportProvider;
  /** Stops listening, disconnects clients, aborts running reads, releases the provider if the agent loaded it. */
  close(): Promise<void>;
}

/**
 * Starts the local service on a loopback address. Refuses any other address
 * before opening a socket.
 */
export async function startAgent(options: AgentOptions = {}): Promise<Agent> {
  const host = loopbackAddress(options.host ?? '127.0.0.1');
  const requestedPort = checkPort(options.port ?? DEFAULT_PORT);
  const log = createLogger(options.log);
  const { provider, owned } = await resolveProvider(options);
  const tokens = new TokenStore(options.tokensFile);
  const pairing = new PairingDesk(tokens, {
    announce: (request) => {
      log.info(
        `pairing code for ${request.origin} (${request.application}): ${request.code} (valid ${request.expiresInMs / 1000} s)`,
      );
      options.onPairingRequest?.(request);
    },
  });
  const demo = options.demo === false ? undefined : new DemoPage();

  // The port is known only once listening (port 0), and the policy needs it: fill the context then.
  const context: { -readonly [K in keyof AgentContext]: AgentContext[K] } = {
    port: requestedPort,
    reads: new CardReads(provider),
    tokens,
    pairing,
    policy: new OriginPolicy([]),
    limiter: new RateLimiter(options.rateLimit ?? { requests: 120, windowMs: 60_000 }),
    pairLimiter: new RateLimiter(options.pairingRateLimit ?? { requests: 10, windowMs: 60_000 }),
    log,
    maxBodyBytes: options.maxBodyBytes ?? 4_096,
    pendingReads: { count: 0 },
    maxPendingReads: options.maxPendingReads ?? 16,
    maxClients: options.maxClients ?? 16,
  };
  const { server, closeClients } = createAgentServer(context, demo);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: requestedPort, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  context.port = port;
  context.policy = new OriginPolicy([...(demo ? ownOrigins(port) : []), ...(options.allowedOrigins ?? [])]);
  const url = `http://${host === '::1' ? '[::1]' : host}:${port}`;
  log.info(`listening on ${url}; allowed origins: ${context.policy.origins.join(', ') || 'none'}`);

  return {
    url,
    host,
    port,
    allowedOrigins: context.policy.origins,
    tokens,
    provider,
    async close() {
      closeClients();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      if (owned) await (provider as { close?: () => Promise<void> }).close?.();
      log.info('stopped');
    },
  };
}
