import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent as HttpAgent } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Agent, isOpenVitaleError, main, startAgent } from '../src/index.js';
import {
  askPairing,
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

  it('rate-limits per connection, with Retry-After: a flood forging an origin leaves the real one its budget', async () => {
    t = await virtualAgent({ rateLimit: { requests: 3, windowMs: 60_000 } });
    const flood = new HttpAgent({ keepAlive: true, maxSockets: 1 });
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await call(t.agent, { path: '/v1/health', via: flood }));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(Number(replies[3]!.headers['retry-after'])).toBeGreaterThan(0);
    const real = new HttpAgent({ keepAlive: true, maxSockets: 1 });
    expect((await call(t.agent, { path: '/v1/health', via: real })).status).toBe(200);
    flood.destroy();
    real.destroy();
  });

  it('rate-limits pairing requests far more, and bounds the pending ones per origin', async () => {
    t = await virtualAgent({ allowedOrigins: [APP] });
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await askPairing(t.agent)).status);
    expect(statuses.slice(0, 4)).toEqual([202, 202, 202, 503]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(t.codes).toHaveLength(3);
    // Ten requests with the demo origin leave another application its own slots and budget.
    const other = await askPairing(t.agent, APP);
    expect(other.status).toBe(202);
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

const ipv6 = await new Promise<boolean>((resolve) => {
  const probe = createServer();
  probe.once('error', () => resolve(false));
  probe.listen(0, '::1', () => probe.close(() => resolve(true)));
});

function listen(port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.end('HTTP/1.1 200 OK\r\n\r\nlook-alike'));
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => resolve(server));
  });
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('another local user squatting a loopback address', () => {
  it.skipIf(!ipv6)(
    'cannot bind [::1] on the agent port: the agent holds every loopback address it trusts',
    async () => {
      t = await virtualAgent();
      await expect(listen(t.agent.port, '::1')).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(t.agent.addresses).toEqual(['127.0.0.1', '::1']);
    },
  );

  it.skipIf(!ipv6)(
    'an agent on 127.0.0.1 alone trusts http://127.0.0.1 alone: a squatter on [::1] is refused',
    async () => {
      t = await virtualAgent({ host: '127.0.0.1' });
      expect(t.agent.allowedOrigins).toEqual([`http://127.0.0.1:${t.agent.port}`]);
      const squatter = await listen(t.agent.port, '::1');
      try {
        for (const origin of [`http://[::1]:${t.agent.port}`, `http://localhost:${t.agent.port}`]) {
          const reply = await askPairing(t.agent, origin);
          expect(reply.status).toBe(403);
          expect(reply.headers['access-control-allow-origin']).toBeUndefined();
        }
        expect(t.codes).toEqual([]);
      } finally {
        await closeServer(squatter);
      }
    },
  );

  it.skipIf(!ipv6)(
    'refuses to start when [::1] on its port is already taken, and leaves 127.0.0.1 free',
    async () => {
      const squatter = await listen(0, '::1');
      const port = (squatter.address() as { port: number }).port;
      try {
        const provider = (await virtualAgent()).provider;
        const error = await startAgent({ port, provider }).catch((e: unknown) => e);
        // One error family: an OpenVitale error with a code, naming the address, saying what to do.
        expect(isOpenVitaleError(error)).toBe(true);
        expect(error).toMatchObject({ code: 'PORT_IN_USE', cause: { code: 'EADDRINUSE', address: '::1' } });
        expect((error as Error).message).toMatch(
          new RegExp(
            `^Port ${port} on ::1 is in use: .*: stop the agent already running there, or choose another port$`,
          ),
        );
        await closeServer(await listen(port, '127.0.0.1'));
      } finally {
        await closeServer(squatter);
      }
    },
  );
});

describe('configuration checked before anything listens', () => {
  it.each(['*', 'null', 'not a url', 'https://x/path'])(
    '--allow-origin %j: refused, nothing left listening',
    async (origin) => {
      const probe = await listen(0, '127.0.0.1');
      const port = (probe.address() as { port: number }).port;
      await closeServer(probe);
      const provider = (await virtualAgent()).provider;
      await expect(startAgent({ port, provider, allowedOrigins: [origin] })).rejects.toMatchObject({
        code: 'BAD_OPTIONS',
      });
      await closeServer(await listen(port, '127.0.0.1'));
    },
  );

  it('serve: main returns at once with the error (no listener, no signal handler left)', async () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    await expect(
      main(['serve', '--port', '0', '--allow-origin', '*'], { out: () => {}, err: () => {} }),
    ).rejects.toMatchObject({ code: 'BAD_OPTIONS' });
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
  });

  it('a GALSS library path that names no file: refused at start', async () => {
    const galssLibrary = join(mkdtempSync(join(tmpdir(), 'agent-galss-')), 'libgalcllux.so');
    await expect(startAgent({ port: 0, transport: 'galss', galssLibrary })).rejects.toMatchObject({
      code: 'BAD_OPTIONS',
      message: expect.stringMatching(/^The GALSS library ".*libgalcllux\.so" does not exist: give the path/),
    });
  });

  it('a damaged tokens file: refused at start, nothing listening', async () => {
    const tokensFile = join(mkdtempSync(join(tmpdir(), 'agent-tokens-')), 'tokens.json');
    writeFileSync(tokensFile, 'garbage');
    const provider = (await virtualAgent()).provider;
    await expect(startAgent({ port: 0, provider, tokensFile })).rejects.toMatchObject({
      code: 'TOKENS_FILE',
    });
  });
});

describe('a revoked or expired token ends every channel it opened, at once', () => {
  const autoReading = async (token: string) => {
    const client = await connectEvents(t.agent, { token, query: '?autoRead=identification' });
    await client.next((e) => e.type === 'reader-added');
    return client;
  };
  const noReadAfterClose = async (client: Awaited<ReturnType<typeof autoReading>>) => {
    t.provider.insert('Reader A', await profile('vitale2-single'));
    await new Promise((r) => setTimeout(r, 200));
    expect(client.events.filter((e) => e.type === 'read-result')).toEqual([]);
  };

  it('DELETE /v1/pair closes the sockets opened with that token, not the others', async () => {
    t = await virtualAgent();
    const token = await pair(t);
    const other = await pair(t);
    const revoked = await autoReading(token);
    const kept = await autoReading(other);
    expect((await call(t.agent, { method: 'DELETE', path: '/v1/pair', headers: bearer(token) })).status).toBe(
      200,
    );
    expect(await revoked.closed).toEqual({ code: 1008, reason: 'token revoked' });
    await noReadAfterClose(revoked);
    await kept.next((e) => e.type === 'read-result');
    kept.close();
  });

  it.each([['an origin'], ['all']])(
    'openvitale-agent revoke %s on a running agent closes its sockets',
    async (which) => {
      const tokensFile = join(mkdtempSync(join(tmpdir(), 'agent-tokens-')), 'tokens.json');
      t = await virtualAgent({ tokensFile });
      const client = await autoReading(await pair(t));
      const io = { out: () => {}, err: () => {} };
      expect(await main(['revoke', which === 'all' ? 'all' : t.own, '--tokens-file', tokensFile], io)).toBe(
        0,
      );
      expect(await client.closed).toEqual({ code: 1008, reason: 'token revoked' });
      await noReadAfterClose(client);
    },
  );

  it('an expired token: 401 over HTTP, and its socket closed when it expires', async () => {
    t = await virtualAgent({ tokenLifetimeMs: 500 });
    const token = await pair(t);
    const client = await autoReading(token);
    expect((await call(t.agent, { path: '/v1/readers', headers: bearer(token) })).status).toBe(200);
    expect(await client.closed).toEqual({ code: 1008, reason: 'token expired' });
    const late = await call(t.agent, { path: '/v1/readers', headers: bearer(token) });
    expect(late.json).toMatchObject({ error: { code: 'BAD_TOKEN' } });
  });

  it('a tokens file damaged while running: 503 saying what to do, sockets closed, health still fine', async () => {
    const tokensFile = join(mkdtempSync(join(tmpdir(), 'agent-tokens-')), 'tokens.json');
    t = await virtualAgent({ tokensFile });
    const token = await pair(t);
    const client = await autoReading(token);
    writeFileSync(tokensFile, '{ broken');
    const reply = await call(t.agent, { path: '/v1/readers', headers: bearer(token) });
    expect(reply.status).toBe(503);
    expect(reply.json).toMatchObject({ error: { code: 'TOKENS_FILE' } });
    expect(String(pick(reply.json, 'error', 'message'))).toMatch(
      /tokens\.json.*damaged.*delete the tokens file/,
    );
    expect((await client.closed).code).toBe(1008);
    expect((await call(t.agent, { path: '/v1/health', headers: { origin: null } })).status).toBe(200);
  });
});

describe('what a caller sends never reaches the console or the log raw', () => {
  it('escapes the application name of a pairing request', async () => {
    t = await virtualAgent();
    const application = 'DPI\n2026-01-01T00:00:00.000Z info paired https://dpi.example.fr\u001b[2J';
    expect((await askPairing(t.agent, undefined, { application })).status).toBe(202);
    const log = t.logs.join('\n');
    expect(log).not.toContain('\u001b');
    expect(t.logs.every((line) => !line.includes('\n'))).toBe(true);
    expect(log).toContain('DPI\\n2026-01-01T00:00:00.000Z info paired');
  });

  it('escapes it on the console of openvitale-agent serve too', async () => {
    const out: string[] = [];
    const stop = new AbortController();
    const serving = main(
      ['serve', '--port', '0', '--no-demo', '--allow-origin', APP],
      {
        out: (line) => out.push(line),
        err: () => {},
      },
      stop.signal,
    );
    for (let i = 0; i < 100 && !out.some((l) => l.includes('OpenVitale agent on')); i++)
      await new Promise((r) => setTimeout(r, 20));
    const url = /on (http:\/\/\S+) /.exec(out.join('\n'))?.[1] ?? '';
    const agent = { host: '127.0.0.1', port: Number(new URL(url).port) } as Agent;
    const reply = await askPairing(agent, APP, { application: 'x\u001b]0;owned\u0007\nforged line' });
    expect(reply.status).toBe(202);
    stop.abort();
    expect(await serving).toBe(0);
    const announced = out.find((l) => l.includes('Pairing request')) ?? '';
    expect(announced).toContain('x\\x1b]0;owned\\x07\\nforged line');
    expect(out.join('').includes('\u001b') || out.join('').includes('\u0007')).toBe(false);
  });
});

/** A raw TCP connection to the agent and a promise of its end (the agent closing it), in ms. */
function rawConnection(agent: Agent): { socket: Socket; ended: Promise<number> } {
  const socket = connect(agent.port, '127.0.0.1');
  const started = performance.now();
  // Read what the agent answers (a 408, a 413): a socket whose data is never read never ends.
  socket.resume();
  socket.on('error', () => {});
  return {
    socket,
    ended: new Promise((resolve) => socket.once('close', () => resolve(performance.now() - started))),
  };
}

describe('slow, large and many connections', () => {
  it('closes the connection of an oversized chunked body instead of draining it', async () => {
    t = await virtualAgent({ maxBodyBytes: 256 });
    const { socket, ended } = rawConnection(t.agent);
    let sent = 0;
    let closed = false;
    void ended.then(() => {
      closed = true;
    });
    socket.on('error', () => {});
    socket.write(
      `POST /v1/pair HTTP/1.1\r\nHost: 127.0.0.1:${t.agent.port}\r\nOrigin: ${t.own}\r\n` +
        'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    const chunk = `10000\r\n${'x'.repeat(0x10000)}\r\n`;
    while (!closed && sent < 20 << 20) {
      if (!socket.write(chunk)) await Promise.race([new Promise((r) => socket.once('drain', r)), ended]);
      sent += 0x10000;
    }
    // Drained, the body would keep flowing until the request deadline (about 6 s here).
    expect(closed).toBe(true);
    expect(await ended).toBeLessThan(2000);
  });

  it('closes a connection whose headers or body come too slowly, on time', async () => {
    t = await virtualAgent({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const headers = rawConnection(t.agent);
    headers.socket.write(`GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1:${t.agent.port}\r\n`);
    const body = rawConnection(t.agent);
    body.socket.write(
      `POST /v1/pair HTTP/1.1\r\nHost: 127.0.0.1:${t.agent.port}\r\nOrigin: ${t.own}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
    );
    expect(await headers.ended).toBeLessThan(2500);
    expect(await body.ended).toBeLessThan(2500);
  });

  it('caps the connections it holds', async () => {
    t = await virtualAgent({ maxConnections: 3 });
    const held = [rawConnection(t.agent), rawConnection(t.agent), rawConnection(t.agent)];
    await new Promise((r) => setTimeout(r, 100));
    const extra = rawConnection(t.agent);
    expect(await extra.ended).toBeLessThan(1000);
    for (const c of held) c.socket.destroy();
  });
});
