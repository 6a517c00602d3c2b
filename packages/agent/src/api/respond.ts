import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { withAction } from '@openvitale/errors';
import { ReadError } from '@openvitale/reader';
import { AgentError } from '../errors.js';

/** Headers on every API answer: card data must never land in a browser or proxy cache. */
const BASE_HEADERS: OutgoingHttpHeaders = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...BASE_HEADERS,
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

export function sendBytes(
  response: ServerResponse,
  contentType: string,
  body: Uint8Array,
  headers: OutgoingHttpHeaders = {},
): void {
  response.writeHead(200, {
    ...BASE_HEADERS,
    ...headers,
    'content-type': contentType,
    'content-length': body.length,
  });
  response.end(body);
}

/** The JSON error body shared by HTTP answers and WebSocket events. */
export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly step?: string;
  readonly reader?: string;
}

export function errorBody(error: unknown): { status: number; error: ErrorBody } {
  if (AgentError.isInstance(error))
    return { status: error.status, error: { code: error.code, message: error.message } };
  if (ReadError.isInstance(error)) {
    const body: ErrorBody = {
      code: error.code,
      message: withAction(error.summary, apiAction(error.action)),
      step: error.step,
      ...(error.reader === undefined ? {} : { reader: error.reader }),
    };
    return { status: readStatus(error.code), error: body };
  }
  return { status: 500, error: { code: 'INTERNAL', message: 'The agent failed unexpectedly: see its log' } };
}

/** The reader's advice names its options; the API has no `waitForReader` (a read waits for its card only). */
function apiAction(action: string): string {
  return action.replace(/ \(or wait for (it|one) with waitForReader\)/, '');
}

/** A card or reader condition, not a malformed request: 408 when waiting ran out, 503 when PC/SC is down. */
function readStatus(code: string): number {
  if (code === 'NO_CARD' || code === 'TIMEOUT') return 408;
  if (code === 'SERVICE_UNAVAILABLE' || code === 'LIBRARY_MISSING') return 503;
  if (code === 'ABORTED') return 499;
  return 422;
}

export function sendError(response: ServerResponse, error: unknown, headers: OutgoingHttpHeaders = {}): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const { status, error: body } = errorBody(error);
  const retry =
    AgentError.isInstance(error) && error.retryAfterS !== undefined
      ? { 'retry-after': String(error.retryAfterS) }
      : {};
  sendJson(response, status, { error: body }, { ...headers, ...retry });
}
