import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { confirmPairing, requestPairing, revokePairing } from './api/pair.js';
import { readRoute } from './api/read.js';
import { readersRoute } from './api/readers.js';
import { errorBody, sendError, sendJson } from './api/respond.js';
import type { AgentContext, Handler } from './context.js';
import type { DemoPage } from './demo/static.js';
import { AgentError } from './errors.js';
import { autoReadFromQuery, serveEvents } from './events.js';
import { bearerToken, checkToken, subprotocolToken, WS_PROTOCOL } from './security/auth.js';
import { checkHost } from './security/host.js';
import { corsHeaders, preflightHeaders } from './security/origin.js';
import { AGENT_VERSION, API_VERSION } from './version.js';

const authenticated =
  (handler: Handler): Handler =>
  (context, request, response, origin, cors) => {
    checkToken(context.tokens, origin, bearerToken(request));
    return handler(context, request, response, origin, cors);
  };

/** `METHOD path` → handler. Anything else under /v1 is 404 or 405. */
const ROUTES: Record<string, Handler> = {
  'GET /v1/health': (_c, _q, response, _o, cors) => sendJson(response, 200, health(), cors),
  'POST /v1/pair': requestPairing,
  'POST /v1/pair/confirm': confirmPairing,
  'DELETE /v1/pair': revokePairing,
  'GET /v1/readers': authenticated((context, _q, response, _o, cors) =>
    readersRoute(context, response, cors),
  ),
  'POST /v1/read': authenticated(readRoute),
};

function health() {
  return { status: 'ok', agent: '@openvitale/agent', version: AGENT_VERSION, api: API_VERSION };
}

/**
 * Every request goes through the same gate, in this order: the Host
 * (DNS rebinding), the demo page, the Origin (allowlist; preflights
 * answered for allowed origins only), the rate limit, then the route,
 * which checks the token where one is needed.
 */
async function handle(
  context: AgentContext,
  demo: DemoPage | undefined,
  request: IncomingMessage,
  response: ServerResponse,
) {
  let cors: OutgoingHttpHeaders = {};
  const started = performance.now();
  try {
    checkHost(request.headers.host, context.port, context.names);
    const path = new URL(request.url ?? '/', 'http://agent').pathname;
    if (!path.startsWith('/v1/')) {
      if (request.method === 'GET' && demo?.serve(path, response)) return;
      throw new AgentError('NOT_FOUND', `Nothing at ${path}`);
    }
    // Health without an Origin: for `openvitale doctor` and monitoring, which are not web pages.
    if (path === '/v1/health' && request.method === 'GET' && request.headers.origin === undefined) {
      sendJson(response, 200, health());
      return;
    }
    const origin = context.policy.check(request);
    if (request.method === 'OPTIONS') {
      response.writeHead(204, preflightHeaders(request, origin));
      response.end();
      return;
    }
    cors = corsHeaders(origin);
    context.limiter.hit(request.socket);
    const route = ROUTES[`${request.method} ${path}`];
    if (!route) {
      const known = Object.keys(ROUTES).some((key) => key.endsWith(` ${path}`));
      throw known
        ? new AgentError('METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${path}`)
        : new AgentError('NOT_FOUND', `No route ${request.method} ${path}`);
    }
    await route(context, request, response, origin, cors);
  } catch (error) {
    if (!AgentError.isInstance(error) || error.status >= 500) logFailure(context, request, error);
    // A body not read to its end (too large, or refused before it was read) is not drained:
    // the connection closes once the answer is sent.
    if (!request.complete) response.shouldKeepAlive = false;
    sendError(response, error, cors);
  } finally {
    const ms = Math.round(performance.now() - started);
    context.log.info(`${request.method} ${request.url?.split('?')[0]} ${response.statusCode} ${ms} ms`);
  }
}

function logFailure(context: AgentContext, request: IncomingMessage, error: unknown): void {
  const { error: body } = errorBody(error);
  context.log.warn(`${request.method} ${request.url?.split('?')[0]}: ${body.code} ${body.message}`);
}

/** Refuses an upgrade before any WebSocket exists: a plain HTTP answer with the JSON error. */
function refuseUpgrade(socket: Duplex, error: unknown): void {
  const { status, error: body } = errorBody(error);
  const text = JSON.stringify({ error: body });
  socket.end(
    `HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : status === 401 ? 'Unauthorized' : 'Refused'}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}

export interface ServerLimits {
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly maxConnections: number;
}

/**
 * The agent's request and upgrade handling, shared by one HTTP server per
 * address listened on (`createServer`), and one set of WebSocket clients.
 */
export function createAgentServer(
  context: AgentContext,
  demo: DemoPage | undefined,
  limits: ServerLimits,
): { createServer(): Server; closeClients(): void } {
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: 1_024,
    handleProtocols: (offered) => (offered.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    try {
      checkHost(request.headers.host, context.port, context.names);
      const url = new URL(request.url ?? '/', 'http://agent');
      if (url.pathname !== '/v1/events')
        throw new AgentError('NOT_FOUND', 'WebSocket events are at /v1/events');
      const origin = context.policy.check(request);
      context.limiter.hit(request.socket);
      const token = subprotocolToken(request);
      checkToken(context.tokens, origin, token);
      if (sockets.clients.size >= context.maxClients) {
        throw new AgentError('BUSY', `${context.maxClients} clients are already connected`);
      }
      const autoRead = autoReadFromQuery(url.searchParams);
      sockets.handleUpgrade(request, socket, head, (ws) => {
        context.log.info(`events: ${origin} connected`);
        serveEvents(context, ws, { origin, token: token! }, autoRead);
      });
    } catch (error) {
      context.log.warn(`upgrade refused: ${errorBody(error).error.code}`);
      refuseUpgrade(socket, error);
    }
  };
  return {
    createServer() {
      // Slow or stuck clients cannot hold sockets open: Node checks its header and request
      // deadlines every `connectionsCheckingInterval` (30 s by default, far past them).
      const server = createServer(
        {
          headersTimeout: limits.headersTimeoutMs,
          requestTimeout: limits.requestTimeoutMs,
          connectionsCheckingInterval: Math.max(50, Math.min(1_000, limits.headersTimeoutMs / 4)),
          maxHeaderSize: 8_192,
        },
        (request, response) => void handle(context, demo, request, response),
      );
      server.maxConnections = limits.maxConnections;
      server.on('upgrade', upgrade);
      return server;
    },
    // Upgraded sockets keep `server.close()` waiting: they are ended first.
    closeClients() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
    },
  };
}
