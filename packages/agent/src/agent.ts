import type { TransportProvider } from '@openvitale/transport';
import type { AgentContext } from './context.js';
import { DemoPage } from './demo/static.js';
import { AgentError } from './errors.js';
import { listenAll } from './listen.js';
import { createLogger } from './log.js';
import { type AgentOptions, checkCount, checkPort, DEFAULT_PORT, resolveProvider } from './options.js';
import { PairingDesk } from './pairing.js';
import { CardReads } from './reads.js';
import { ownOrigins } from './security/host.js';
import { type LoopbackAddress, listenPlan, servedNames } from './security/loopback.js';
import { normaliseOrigin, OriginPolicy } from './security/origin.js';
import { RateLimiter } from './security/rate-limit.js';
import { createAgentServer } from './server.js';
import { DEFAULT_TOKEN_LIFETIME_MS, TokenStore } from './tokens.js';

/** A running agent. */
export interface Agent {
  /** `http://127.0.0.1:7357` (the demo page is at `/`, the API under `/v1`). */
  readonly url: string;
  /** The first address listened on: `127.0.0.1`, or `::1` when asked for alone. */
  readonly host: string;
  /** Every loopback address listened on, all on `port`. */
  readonly addresses: readonly LoopbackAddress[];
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
 * Starts the local service on loopback. Everything the options say is
 * checked first (addresses, port, origins, limits, the tokens file): a bad
 * option throws before any socket opens, and a failure to listen leaves
 * nothing listening.
 */
export async function startAgent(options: AgentOptions = {}): Promise<Agent> {
  const plan = listenPlan(options.host);
  const requestedPort = checkPort(options.port ?? DEFAULT_PORT);
  const configured = (options.allowedOrigins ?? []).map(normaliseOrigin);
  const limits = {
    maxConnections: checkCount('maxConnections', options.maxConnections, 64),
    headersTimeoutMs: checkCount('headersTimeoutMs', options.headersTimeoutMs, 5_000),
    requestTimeoutMs: checkCount('requestTimeoutMs', options.requestTimeoutMs, 10_000),
  };
  const tokens = new TokenStore(options.tokensFile, {
    lifetimeMs: checkCount('tokenLifetimeMs', options.tokenLifetimeMs, DEFAULT_TOKEN_LIFETIME_MS),
  });
  const log = createLogger(options.log);
  const pairing = new PairingDesk(tokens, {
    announce: (request) => {
      log.info(
        `pairing code for ${request.origin} (${request.application}): ${request.code} (valid ${request.expiresInMs / 1000} s)`,
      );
      options.onPairingRequest?.(request);
    },
  });
  const demo = options.demo === false ? undefined : new DemoPage();
  const { provider, owned } = await resolveProvider(options);
  const release = async () => {
    if (owned) await (provider as { close?: () => Promise<void> }).close?.();
  };

  // The port and the names served are known only once listening (port 0; ::1 may be missing).
  const context: { -readonly [K in keyof AgentContext]: AgentContext[K] } = {
    port: requestedPort,
    names: [],
    reads: new CardReads(provider),
    tokens,
    pairing,
    policy: new OriginPolicy([]),
    limiter: new RateLimiter<object>(options.rateLimit ?? { requests: 120, windowMs: 60_000 }),
    pairLimiter: new RateLimiter(options.pairingRateLimit ?? { requests: 10, windowMs: 60_000 }),
    log,
    maxBodyBytes: options.maxBodyBytes ?? 4_096,
    pendingReads: { count: 0 },
    maxPendingReads: options.maxPendingReads ?? 16,
    maxClients: options.maxClients ?? 16,
  };
  const { createServer, closeClients } = createAgentServer(context, demo, limits);
  let listening: Awaited<ReturnType<typeof listenAll>>;
  try {
    listening = await listenAll(createServer, plan, requestedPort);
  } catch (error) {
    await release();
    const { code, address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number };
    if (code !== 'EADDRINUSE') throw error;
    const where = address === undefined ? `Port ${requestedPort}` : `Port ${port} on ${address}`;
    throw new AgentError(
      'PORT_IN_USE',
      `${where} is in use: another agent, or another program (even another user's), holds it`,
      { cause: error },
    );
  }
  const { servers, port, held } = listening;
  context.port = port;
  context.names = servedNames(held, listening.ipv6Missing);
  context.policy = new OriginPolicy([...(demo ? ownOrigins(port, context.names) : []), ...configured]);
  const watcher = tokens.watchFile();
  const host = held[0]!;
  const hostPort = (address: LoopbackAddress) => `${address === '::1' ? '[::1]' : address}:${port}`;
  const url = `http://${hostPort(host)}`;
  log.info(
    `listening on ${held.map(hostPort).join(' and ')}; allowed origins: ${context.policy.origins.join(', ') || 'none'}`,
  );

  return {
    url,
    host,
    addresses: held,
    port,
    allowedOrigins: context.policy.origins,
    tokens,
    provider,
    async close() {
      watcher?.close();
      closeClients();
      await Promise.all(
        servers.map((server) => {
          const closed = new Promise<void>((resolve) => server.close(() => resolve()));
          server.closeAllConnections();
          return closed;
        }),
      );
      await release();
      log.info('stopped');
    },
  };
}
