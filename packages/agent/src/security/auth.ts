import type { IncomingMessage } from 'node:http';
import { AgentError } from '../errors.js';
import type { TokenStore } from '../tokens.js';

/** The subprotocol every WebSocket client offers; the token rides in a second one (browsers cannot set headers on a WebSocket). */
export const WS_PROTOCOL = 'openvitale.v1';
export const WS_TOKEN_PREFIX = 'openvitale.token.';

/** `Authorization: Bearer <token>` on HTTP. */
export function bearerToken(request: IncomingMessage): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/** The token offered as a `openvitale.token.<token>` subprotocol on a WebSocket upgrade. */
export function subprotocolToken(request: IncomingMessage): string | undefined {
  const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  return offered.find((p) => p.startsWith(WS_TOKEN_PREFIX))?.slice(WS_TOKEN_PREFIX.length);
}

/** Every call but health and pairing carries a token issued to the calling origin. */
export function checkToken(tokens: TokenStore, origin: string, token: string | undefined): void {
  if (token === undefined) {
    throw new AgentError('UNPAIRED', 'This application is not paired');
  }
  if (!tokens.verify(origin, token)) {
    throw new AgentError('BAD_TOKEN', 'The token is unknown, revoked, or issued to another origin');
  }
}
