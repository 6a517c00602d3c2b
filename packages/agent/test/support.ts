import { type Agent as HttpAgent, request } from 'node:http';
import { type CardProfile, loadProfile, VirtualTransportProvider } from '@openvitale/virtual-card';
import { WebSocket } from 'ws';
import {
  type Agent,
  type AgentOptions,
  type PairingRequest,
  startAgent,
  WS_PROTOCOL,
  WS_TOKEN_PREFIX,
} from '../src/index.js';

export const FIXTURES = new URL('../../../fixtures/cards/', import.meta.url);
export const profile = (name: string): Promise<CardProfile> => loadProfile(new URL(`${name}.json`, FIXTURES));

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  readonly text: string;
  readonly json: unknown;
}

export interface CallOptions {
  readonly method?: string;
  readonly path: string;
  /** `null` drops the header. Default Host and Origin: the agent's own. */
  readonly headers?: Record<string, string | null>;
  readonly body?: unknown;
  readonly raw?: string | Buffer;
  readonly signal?: AbortSignal;
  /** The connection pool to use: one with `maxSockets: 1` keeps every call on one connection. */
  readonly via?: HttpAgent;
}

/** One HTTP call with full control of Host and Origin (fetch would not let a test forge them). */
export function call(agent: Agent, options: CallOptions): Promise<Reply> {
  const base: Record<string, string | null> = {
    host: `127.0.0.1:${agent.port}`,
    origin: `http://127.0.0.1:${agent.port}`,
  };
  const payload =
    options.raw ?? (options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body)));
  if (options.body !== undefined) base['content-type'] = 'application/json';
  const merged = { ...base, ...options.headers };
  const headers = Object.fromEntries(
    Object.entries(merged).filter((e): e is [string, string] => e[1] !== null),
  );
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: agent.host,
        port: agent.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers,
        signal: options.signal,
        ...(options.via ? { agent: options.via } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const text = body.toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export interface TestAgent {
  readonly agent: Agent;
  readonly provider: VirtualTransportProvider;
  readonly logs: string[];
  readonly codes: PairingRequest[];
  readonly own: string;
}

export async function virtualAgent(
  options: AgentOptions = {},
  readers = ['Reader A', 'Reader B'],
): Promise<TestAgent> {
  const provider = new VirtualTransportProvider({ readers, muteTimeoutMs: 200 });
  const logs: string[] = [];
  const codes: PairingRequest[] = [];
  const agent = await startAgent({
    port: 0,
    provider,
    log: (line) => logs.push(line),
    onPairingRequest: (r) => codes.push(r),
    ...options,
  });
  return { agent, provider, logs, codes, own: `http://127.0.0.1:${agent.port}` };
}

/** `POST /v1/pair` from `origin` (default: the agent's own), the first step of pairing. */
export const askPairing = (agent: Agent, origin?: string, body: Record<string, unknown> = {}) =>
  call(agent, {
    method: 'POST',
    path: '/v1/pair',
    body,
    ...(origin === undefined ? {} : { headers: { origin } }),
  });

/** Pairs `origin` the way a web application does, reading the code the agent announced. */
export async function pair(t: TestAgent, origin = t.own): Promise<string> {
  const asked = await askPairing(t.agent, origin, { application: 'test' });
  if (asked.status !== 202) throw new Error(`pair: ${asked.status} ${asked.text}`);
  const code = t.codes.at(-1)!.code;
  const confirmed = await call(t.agent, {
    method: 'POST',
    path: '/v1/pair/confirm',
    body: { pairingId: pick(asked.json, 'pairingId'), code },
    headers: { origin },
  });
  if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status} ${confirmed.text}`);
  return String(pick(confirmed.json, 'token'));
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** `POST /v1/read` with a token, from the agent's own origin. */
export const postRead = (agent: Agent, token: string, body: Record<string, unknown> = {}) =>
  call(agent, { method: 'POST', path: '/v1/read', body, headers: bearer(token) });

/** An event as received: a JSON object with at least a type. */
export type Event = Record<string, unknown> & { readonly type: string };

/** `value.a.b...` of parsed JSON, for tests (undefined when absent). */
export function pick(value: unknown, ...path: (string | number)[]): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

/** A WebSocket client that keeps every event; `next(match)` waits for one. */
export interface EventClient {
  readonly socket: WebSocket;
  readonly events: Event[];
  next(match: (event: Event) => boolean, timeoutMs?: number): Promise<Event>;
  /** Resolves with the close code and reason when the agent (or the client) closes the socket. */
  readonly closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export function connectEvents(
  agent: Agent,
  options: { token?: string; origin?: string | null; host?: string; query?: string } = {},
): Promise<EventClient> {
  const protocols = [WS_PROTOCOL, ...(options.token ? [WS_TOKEN_PREFIX + options.token] : [])];
  const headers: Record<string, string> = { host: options.host ?? `127.0.0.1:${agent.port}` };
  const origin = options.origin === undefined ? `http://127.0.0.1:${agent.port}` : options.origin;
  const socket = new WebSocket(`ws://127.0.0.1:${agent.port}/v1/events${options.query ?? ''}`, protocols, {
    headers,
    ...(origin === null ? {} : { origin }),
  });
  const events: Event[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    events.push(JSON.parse(data.toString()));
    for (const w of waiters) w();
  });
  const client: EventClient = {
    socket,
    events,
    next(match, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event; got ${JSON.stringify(events.map((e) => e.type))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    closed: new Promise((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    ),
    close: () => socket.close(),
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(client));
    socket.once('unexpected-response', (_req, res) =>
      reject(Object.assign(new Error(`refused ${res.statusCode}`), { status: res.statusCode })),
    );
    socket.once('error', reject);
  });
}

export const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
