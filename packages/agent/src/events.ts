import type { XmlProfile } from '@openvitale/format';
import type { ReadScope } from '@openvitale/reader';
import { kindFromAtr } from '@openvitale/reader';
import { type ReaderEvent, sleep, toHex } from '@openvitale/transport';
import type { RawData, WebSocket } from 'ws';
import { flag, oneOf, onlyFields, xmlProfile } from './api/params.js';
import { errorBody } from './api/respond.js';
import type { AgentContext } from './context.js';
import { AgentError } from './errors.js';
import { cardJson, cardXmlString, type OutputFormat } from './render.js';
import { RateLimiter } from './security/rate-limit.js';

/** What a client asked to be read on each insertion; `null`: events only. */
export interface AutoRead {
  readonly scope: ReadScope;
  readonly redact: boolean;
  readonly format: OutputFormat;
  readonly xmlProfile: XmlProfile;
}

const AUTO_READ_FIELDS = ['type', 'enabled', 'scope', 'redact', 'format', 'xmlProfile'] as const;

/** `?autoRead=identification|full&redact=1&format=xml&xmlProfile=extended` on the upgrade URL: set before the first event. */
export function autoReadFromQuery(query: URLSearchParams): AutoRead | null {
  const scope = query.get('autoRead');
  if (scope === null) return null;
  return parseAutoRead({
    enabled: true,
    scope,
    redact: query.get('redact') === '1' || query.get('redact') === 'true',
    format: query.get('format') ?? 'json',
    xmlProfile: query.get('xmlProfile') ?? undefined,
  });
}

function parseAutoRead(message: Record<string, unknown>): AutoRead | null {
  onlyFields(message, AUTO_READ_FIELDS, 'auto-read');
  if (!flag(message, 'enabled', true)) return null;
  const format = oneOf(message, 'format', ['json', 'xml'] as const, 'json');
  return {
    scope: oneOf(message, 'scope', ['identification', 'full'], 'identification'),
    redact: flag(message, 'redact', false),
    format,
    xmlProfile: xmlProfile(message, format),
  };
}

/** Who opened a socket: the origin and the token it was accepted with. */
export interface Client {
  readonly origin: string;
  readonly token: string;
}

/** The close code a revoked or expired token ends its sockets with (RFC 6455 "policy violation"). */
export const TOKEN_GONE_CLOSE_CODE = 1008;

/**
 * One WebSocket client: its own watch of readers and cards (the provider
 * reports the current state first, then changes), and its automatic reads.
 * Everything it holds dies with the connection, and the connection dies
 * with its token: revoked (here or in the tokens file) or expired, the
 * socket is closed at once with 1008, and nothing is sent on it once its
 * token no longer verifies.
 */
export function serveEvents(
  context: AgentContext,
  socket: WebSocket,
  client: Client,
  initial: AutoRead | null,
): void {
  const { origin, token } = client;
  const closed = new AbortController();
  let autoRead = initial;
  const messages = new RateLimiter({ requests: 30, windowMs: 60_000 });
  const end = (reason: 'token revoked' | 'token expired') => {
    if (closed.signal.aborted) return;
    closed.abort();
    context.log.info(`events: ${origin} disconnected, ${reason}`);
    socket.close(TOKEN_GONE_CLOSE_CODE, reason);
  };
  const valid = () => {
    try {
      return context.tokens.verify(origin, token);
    } catch {
      return false;
    }
  };
  const send = (event: object) => {
    if (!valid()) end('token revoked');
    else if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
  };
  const stopListening = context.tokens.onChange(() => {
    if (!valid()) end('token revoked');
  });
  const expiresAt = context.tokens.expiresAt(token);
  if (expiresAt !== undefined) {
    // The lifetime is a date (it outlives the process); the wait until it is a duration.
    sleep(expiresAt - Date.now(), closed.signal).then(
      () => end('token expired'),
      () => {},
    );
  }

  socket.on('close', () => {
    stopListening();
    closed.abort();
  });
  socket.on('error', () => closed.abort());
  socket.on('message', (data: RawData, isBinary: boolean) => {
    try {
      messages.hit('client');
      const message = parseMessage(data, isBinary);
      if (message.type !== 'auto-read')
        throw new AgentError('BAD_REQUEST', `Unknown message type: ${String(message.type)}`);
      autoRead = parseAutoRead(message);
      send({ type: 'auto-read', enabled: autoRead !== null, ...(autoRead ?? {}) });
    } catch (error) {
      send({ type: 'error', error: errorBody(error).error });
    }
  });

  const readInserted = async (reader: string, options: AutoRead) => {
    try {
      const read = await context.reads.on(reader, {
        scope: options.scope,
        timeoutMs: 10_000,
        signal: closed.signal,
      });
      context.log.info(`auto-read for ${origin} on "${reader}": ${read.card.persons.length} person(s)`);
      const card =
        options.format === 'xml' ? { xml: cardXmlString(read, options) } : { card: cardJson(read, options) };
      send({ type: 'read-result', reader, scope: options.scope, format: options.format, ...card });
    } catch (error) {
      if (!closed.signal.aborted) send({ type: 'read-error', reader, error: errorBody(error).error });
    }
  };

  void (async () => {
    try {
      for await (const event of context.reads.provider.watch({ signal: closed.signal })) {
        send(describe(event));
        if (event.type === 'card-inserted' && autoRead) void readInserted(event.reader, autoRead);
      }
    } catch (error) {
      if (!closed.signal.aborted) send({ type: 'error', error: errorBody(error).error });
    }
  })();
}

function parseMessage(data: RawData, isBinary: boolean): Record<string, unknown> {
  if (isBinary) throw new AgentError('BAD_REQUEST', 'Send JSON text messages');
  let value: unknown;
  try {
    value = JSON.parse(data.toString());
  } catch {
    throw new AgentError('BAD_REQUEST', 'The message is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AgentError('BAD_REQUEST', 'The message must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** A reader event as JSON: the ATR in hex and the card's kind (no personal data is in an ATR). */
function describe(event: ReaderEvent): object {
  if (event.type !== 'card-inserted') return event;
  return { type: event.type, reader: event.reader, atr: toHex(event.atr), kind: kindFromAtr(event.atr) };
}
