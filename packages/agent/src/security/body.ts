import type { IncomingMessage } from 'node:http';
import { AgentError } from '../errors.js';

/**
 * Reads a small JSON object body, in memory only (never written anywhere),
 * refusing more than `maxBytes` as soon as it is exceeded. An empty body is `{}`.
 */
export async function readJsonBody(
  request: IncomingMessage,
  maxBytes: number,
): Promise<Record<string, unknown>> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  if (size === 0) return {};
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new AgentError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new AgentError('BAD_REQUEST', `The body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AgentError('BAD_REQUEST', 'The body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

function tooLarge(maxBytes: number): AgentError {
  return new AgentError('TOO_LARGE', `The body is larger than ${maxBytes} bytes`);
}
