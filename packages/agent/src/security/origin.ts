import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { AgentError } from '../errors.js';

/** Normalises an origin from the configuration: `scheme://host[:port]`, no path, lower case. */
export function normaliseOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AgentError('BAD_OPTIONS', `"${value}" is not an origin`, {
      action: 'write it as https://app.example.fr',
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AgentError('BAD_OPTIONS', `"${value}" is not an http(s) origin`);
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username) {
    throw new AgentError('BAD_OPTIONS', `"${value}" has more than an origin`, {
      action: 'keep scheme, host and port only',
    });
  }
  return url.origin;
}

/** The allowed web origins: the agent's own demo page plus the configured ones. Nothing else. */
export class OriginPolicy {
  readonly #allowed: ReadonlySet<string>;

  constructor(allowed: Iterable<string>) {
    this.#allowed = new Set([...allowed].map(normaliseOrigin));
  }

  get origins(): readonly string[] {
    return [...this.#allowed];
  }

  allows(origin: string): boolean {
    return this.#allowed.has(origin);
  }

  /**
   * The caller's origin, which must be allowed. Browsers send `Origin` on
   * every CORS request and WebSocket upgrade; a request without one is not
   * from a web page we can vouch for. The exception is a same-origin GET
   * (browsers omit `Origin` there): the browser's own `Sec-Fetch-Site`,
   * which pages cannot set, makes the origin the (already checked) Host's.
   */
  check(request: IncomingMessage): string {
    const origin = request.headers.origin ?? sameOrigin(request);
    if (origin === undefined) {
      throw new AgentError(
        'ORIGIN_REQUIRED',
        'This route answers web applications only, and the request has no Origin header',
      );
    }
    if (!this.allows(origin)) {
      throw new AgentError('ORIGIN_NOT_ALLOWED', `Origin ${origin} is not allowed`);
    }
    return origin;
  }
}

function sameOrigin(request: IncomingMessage): string | undefined {
  const host = request.headers.host;
  return request.headers['sec-fetch-site'] === 'same-origin' && host
    ? `http://${host.toLowerCase()}`
    : undefined;
}

const ALLOWED_METHODS = 'GET, POST, DELETE, OPTIONS';
const ALLOWED_HEADERS = 'authorization, content-type, accept';
const EXPOSED_HEADERS = 'openvitale-reader, retry-after';

/** CORS headers for an allowed origin only: a refused origin gets none, so the browser blocks it. */
export function corsHeaders(origin: string): OutgoingHttpHeaders {
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': EXPOSED_HEADERS,
    vary: 'Origin',
  };
}

/**
 * The preflight answer for an allowed origin, including Chrome's Private
 * Network Access: a public site calling a loopback service first asks
 * `Access-Control-Request-Private-Network: true` and needs the same back.
 */
export function preflightHeaders(request: IncomingMessage, origin: string): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    ...corsHeaders(origin),
    'access-control-allow-methods': ALLOWED_METHODS,
    'access-control-allow-headers': ALLOWED_HEADERS,
    'access-control-max-age': '600',
  };
  if (request.headers['access-control-request-private-network'] === 'true') {
    headers['access-control-allow-private-network'] = 'true';
  }
  return headers;
}
