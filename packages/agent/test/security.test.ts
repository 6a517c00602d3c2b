import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main, startAgent } from '../src/index.js';
import {
  bearer,
  call,
  connectEvents,
  pair,
  pick,
  postRead,
  profile,
  type TestAgent,
  virtualAgent,
} from './support.js';

const APP = 'https://dpi.example.fr';
const EVIL = 'https://evil.example';
let t: TestAgent;
afterEach(() => t?.agent.close());

describe('listening', () => {
  it.each(['0.0.0.0', '::', '192.168.1.10', 'example.fr'])('refuses to start on %s', async (host) => {
    await expect(
      startAgent({ host, port: 0, provider: (await virtualAgent()).provider }),
    ).rejects.toMatchObject({
      code: 'NOT_LOOPBACK',
    });
  });

  it('listens on 127.0.0.1 by default', async () => {
    t = await virtualAgent();
    expect(t.agent.host).toBe('127.0.0.1');
    expect(t.agent.url).toBe(`http://127.0.0.1:${t.agent.port}`);
  });
});

describe('Host header (DNS rebinding)', () => {
  it.each([
    ['a foreign name', (p: number) => `evil.example:${p}`],
    ['a rebinding name with the right port', (p: number) => `rebind.127.0.0.1.nip.io:${p}`],
    ['the right name with another port', (p: number) => `127.0.0.1:${p + 1}`],
  ])('refuses %s, on the page and the API', async (_what, host) => {
    t = await virtualAgent();
    for (const path of ['/', '/v1/health']) {
      const reply = await call(t.agent, { path, headers: { host: host(t.agent.port), origin: null } });
      expect(reply.status).toBe(403);
      expect(reply.json).toMatchObject({ error: { code: 'BAD_HOST' } });
    }
  });

  it('accepts 127.0.0.1, localhost and [::1] with the agent port', async () => {
    t = await virtualAgent();
    for (const name of ['127.0.0.1', 'localhost', '[::1]', 'LOCALHOST']) {
      const reply = await call(t.agent, {
        path: '/v1/health',
        headers: { host: `${name}:${t.agent.port}`, origin: null },
      });
      expect(reply.status).toBe(200);
    }
  });
});

describe('origins and CORS', () => {
  it('allows nothing but the demo page by default', async () => {
    t = await virtualAgent();
    expect(t.agent.allowedOrigins).toEqual([
      `http://127.0.0.1:${t.agent.port}`,
      `http://localhost:${t.agent.port}`,
      `http://[::1]:${t.agent.port}`,
    ]);
    const reply = await call(t.agent, {
      method: 'POST',
      path: '/v1/pair',
      body: {},
      headers: { origin: APP },
    });
    expect(reply.status).toBe(403);
    expect(reply.json).toMatchObject({ error: { code: 'ORIGIN_NOT_ALLOWED' } });
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
    expect(t.codes).toEqual([]);
  });

  it('answers CORS to an allowed origin only', async () => {
    t = await virtualAgent({ allowedOrigins: [APP] });
    const ok = await call(t.agent, { path: '/v1/health', headers: { origin: APP } });
    expect(ok.headers['access-control-allow-origin']).toBe(APP);
    expect(ok.headers.vary).toBe('Origin');
    const refused = await call(t.agent, { path: '/v1/health', headers: { origin: EVIL } });
    expect(refused.status).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers the Private Network Access preflight for allowed origins only', async () => {
    t = await virtualAgent({ allowedOrigins: [APP] });
    const preflight = (origin: string) =>
      call(t.agent, {
        method: 'OPTIONS',
        path: '/v1/read',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
          'access-control-request-private-network': 'true',
        },
      });
    const ok = await preflight(APP);
    expect(ok.status).toBe(204);
    expect(ok.headers).toMatchObject({
      'access-control-allow-origin': APP,
      'access-control-allow-private-network': 'true',
      'access-control-allow-methods': expect.stringContaining('POST'),
      'access-control-allow-headers': expect.stringContaining('authorization'),
    });
    const refused = await preflight(EVIL);
    expect(refused.status).toBe(403);
    expect(refused.headers['access-control-allow-private-network']).toBeUndefined();
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses API calls without Origin, except a browser same-origin GET (Sec-Fetch-Site)', async () => {
    t = await virtualAgent();
    const bare = await call(t.agent, { path: '/v1/readers', headers: { origin: null } });
    expect(bare.json).toMatchObject({ error: { code: 'ORIGIN_REQUIRED' } });
    const sameOrigin = await call(t.agent, {
      path: '/v1/readers',
      headers: { origin: null, 'sec-fetch-site': 'same-origin' },
    });
    expect(sameOrigin.json).toMatchObject({ error: { code: 'UNPAIRED' } });
  });

  it('refuses a configured origin that is not an origin', async () => {
    await expect(
      startAgent({
        port: 0,
        provider: (await virtualAgent()).provider,
        allowedOrigins: ['https://x.fr/path'],
      }),
    ).rejects.toMatchObject({ code: 'BAD_OPTIONS' });
  });
});

describe('pairing and tokens', () => {
  it('never sends the code over HTTP, and voids a request after three wrong codes', async () => {
    t = await virtualAgent({ allowedOrigins: [APP] });
    const asked = await call(t.agent, {
      method: 'POST',
      path: '/v1/pair',
      body: { application: 'DPI' },
      headers: { origin: APP },
    });
    expect(asked.status).toBe(202);
    const { code } = t.codes[0]!;
    expect(asked.text).not.toContain(code);
    expect(t.codes[0]).toMatchObject({ origin: APP, application: 'DPI' });
    const wrong = code === '000000' ? '111111' : '000000';
    const confirm = (c: string) =>
      call(t.agent, {
        method: 'POST',
        path: '/v1/pair/confirm',
        body: { pairingId: pick(asked.json, 'pairingId'), code: c },
        headers: { origin: APP },
      });
    for (let i = 0; i < 3; i++)
      expect((await confirm(wrong)).json).toMatchObject({ error: { code: 'PAIRING_FAILED' } });
    expect((await confirm(code)).status).toBe(403);
  });

  it('binds a token to its origin', async () => {
    t = await virtualAgent({ allowedOrigins: [APP] });
    const token = await pair(t, APP);
    expect(
      (await call(t.agent, { path: '/v1/readers', headers: { origin: APP, ...bearer(token) } })).status,
    ).toBe(200);
    const elsewhere = await call(t.agent, { path: '/v1/readers', headers: bearer(token) });
    expect(elsewhere.json).toMatchObject({ error: { code: 'BAD_TOKEN' } });
  });

  it('keeps only token hashes on disk, survives a restart, and `revoke` works on a running agent', async () => {
    const tokensFile = join(mkdtempSync(join(tmpdir(), 'agent-tokens-')), 'tokens.json');
    t = await virtualAgent({ tokensFile, allowedOrigins: [APP] });
    const token = await pair(t, APP);
    expect(readFileSync(tokensFile, 'utf8')).not.toContain(token);
    await t.agent.close();
    t = await virtualAgent({ tokensFile, allowedOrigins: [APP] });
    const readers = () => call(t.agent, { path: '/v1/readers', headers: { ...bearer(token), origin: APP } });
    expect((await readers()).status).toBe(200);
    const out: string[] = [];
    expect(
      await main(['revoke', APP, '--tokens-file', tokensFile], { out: (l) => out.push(l), err: () => {} }),
    ).toBe(0);
    expect(out.join('')).toContain('1 token(s) revoked');
    expect((await readers()).json).toMatchObject({ error: { code: 'BAD_TOKEN' } });
  });
});

describe('WebSocket upgrade', () => {
  it('checks Host, Origin and token before upgrading', async () => {
    t = await virtualAgent({ allowedOrigins: [APP] });
    const token = await pair(t);
    await expect(connectEvents(t.agent, { token, origin: EVIL })).rejects.toMatchObject({ status: 403 });
    await expect(connectEvents(t.agent, { token, origin: null })).rejects.toMatchObject({ status: 403 });
    await expect(
      connectEvents(t.agent, { token, host: `evil.example:${t.agent.port}` }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(connectEvents(t.agent, {})).rejects.toMatchObject({ status: 401 });
    await expect(connectEvents(t.agent, { token, origin: APP })).rejects.toMatchObject({ status: 401 });
    const client = await connectEvents(t.agent, { token });
    expect(client.socket.protocol).toBe('openvitale.v1');
    client.close();
  });
});

describe('limits and malformed requests', () => {
  it('answers clear 4xx JSON errors', async () => {
    t = await virtualAgent({ maxBodyBytes: 256 });
    const token = await pair(t);
    const post = (options: { raw?: string; body?: unknown; headers?: Record<string, string> }) =>
      call(t.agent, {
        method: 'POST',
        path: '/v1/read',
        ...options,
        headers: { ...bearer(token), ...options.headers },
      });
    const cases: [Promise<{ status: number; json: unknown }>, number, string][] = [
      [post({ raw: '{"scope":', headers: { 'content-type': 'application/json' } }), 400, 'BAD_REQUEST'],
      [post({ raw: '[1]', headers: { 'content-type': 'application/json' } }), 400, 'BAD_REQUEST'],
      [post({ body: { scop: 'full' } }), 400, 'BAD_REQUEST'],
      [post({ body: { scope: 'everything' } }), 400, 'BAD_REQUEST'],
      [post({ body: { waitTimeoutMs: -1 } }), 400, 'BAD_REQUEST'],
      [post({ body: { redact: 'yes' } }), 400, 'BAD_REQUEST'],
      [
        post({ raw: 'scope=full', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [post({ body: { reader: 'x'.repeat(300) } }), 413, 'TOO_LARGE'],
      [call(t.agent, { path: '/v1/nothing', headers: bearer(token) }), 404, 'NOT_FOUND'],
      [call(t.agent, { method: 'PUT', path: '/v1/read', headers: bearer(token) }), 405, 'METHOD_NOT_ALLOWED'],
      [call(t.agent, { path: '/v1/readers', headers: { authorization: 'Basic abc' } }), 401, 'UNPAIRED'],
    ];
    for (const [reply, status, code] of cases) {
      const r = await reply;
      expect([r.status, pick(r.json, 'error', 'code')]).toEqual([status, code]);
      expect(typeof pick(r.json, 'error', 'message')).toBe('string');
    }
  });

  it('rate-limits per origin, with Retry-After', async () => {
    t = await virtualAgent({ rateLimit: { requests: 3, windowMs: 60_000 } });
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await call(t.agent, { path: '/v1/health' }));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(Number(replies[3]!.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('rate-limits pairing requests far more', async () => {
    t = await virtualAgent();
    const statuses = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await call(t.agent, { method: 'POST', path: '/v1/pair', body: {} })).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(t.codes.length).toBeLessThanOrEqual(8);
  });
});

describe('personal data', () => {
  it('keeps NIR and names out of the log, and serves the page with a strict CSP and no framing', async () => {
    t = await virtualAgent();
    const token = await pair(t);
    t.provider.insert('Reader A', await profile('vitale2-family'));
    const reply = await postRead(t.agent, token, { scope: 'full' });
    expect(reply.status).toBe(200);
    const persons = pick(reply.json, 'listeBenef') as unknown[];
    const log = t.logs.join('\n');
    for (let i = 0; i < persons.length; i++) {
      const nir = String(pick(persons, i, 'ident', 'nirOuvrantDroit', 'chiffres'));
      expect(log).not.toContain(nir);
      expect(log).not.toContain(String(pick(persons, i, 'ident', 'prenomUsuel')));
    }
    expect(log).toContain(`${persons.length} person(s)`);
    const page = await call(t.agent, { path: '/', headers: { origin: null } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
  });
});
