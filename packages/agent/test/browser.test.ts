import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bundledProfile } from '@openvitale/virtual-card';
import { CHROMIUM, CHROMIUM_FLAGS, chromiumAvailable } from '@openvitale-tools/chromium';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectEvents, type TestAgent, virtualAgent } from './support.js';

/**
 * The demo page and the browser-side defences in real headless Chromium
 * (Debian's `chromium`, installed by scripts/install-system-deps.sh).
 * `evil.test` resolves to 127.0.0.1 inside this browser only: a DNS
 * rebinding attack without touching any DNS.
 */
const available = chromiumAvailable();
if (process.env.CI && !available)
  throw new Error('CI must install chromium (scripts/install-system-deps.sh)');

const ARTIFACTS = new URL('../.artifacts/', import.meta.url);
const FLAGS = [...CHROMIUM_FLAGS, '--host-resolver-rules=MAP evil.test 127.0.0.1'];

/** An empty page on another loopback port: a web application's origin, allowed or not. */
async function otherOrigin(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>another application</title><p>another application</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe.skipIf(!available)('in headless Chromium', () => {
  let browser: Browser;
  let t: TestAgent;
  let page: Page;
  const servers: Server[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  });
  afterEach(async () => {
    await page?.close();
    await t?.agent.close();
    for (const server of servers.splice(0)) server.close();
  });
  afterAll(() => browser?.close());

  /** The demo page, paired the way a person does it: ask, type the code the agent showed, pair. */
  const openPairedDemoPage = async (options: Parameters<Browser['newPage']>[0] = {}) => {
    page = await browser.newPage(options);
    await page.goto(`${t.agent.url}/`);
    await page.getByRole('button', { name: 'Ask for a pairing code' }).click();
    await page.getByLabel('Code shown by the agent').fill(await waitForCode(t));
    await page.getByRole('button', { name: 'Pair', exact: true }).click();
  };

  it('the demo page pairs, reads the virtual card, shows the persons, the JSON and the XML', async () => {
    t = await virtualAgent();
    t.provider.insert('Reader A', await bundledProfile('demo'));
    await openPairedDemoPage({ viewport: { width: 1100, height: 900 } });
    await expect.poll(() => page.locator('#readers').textContent()).toContain('Reader A: holds');
    await page.getByRole('button', { name: 'Read the card' }).click();
    await expect.poll(() => page.locator('#persons').textContent()).toContain('CAMILLE');
    expect(await page.locator('#persons').textContent()).toContain('185057512345673');
    expect(await page.getByRole('status').textContent()).toContain('Read 1 person(s) from Reader A');
    await page.getByRole('button', { name: 'Show XML (reads again)' }).click();
    await expect.poll(() => page.locator('#document').textContent()).toContain('<?xml');
    await page.getByRole('button', { name: 'Show JSON' }).click();
    await expect.poll(() => page.locator('#document').textContent()).toContain('"schemaVersion"');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('demo-after-read.png', ARTIFACTS).pathname, fullPage: true });
  });

  it('the demo page reads each card on insertion over the WebSocket', async () => {
    t = await virtualAgent();
    await openPairedDemoPage();
    await page.getByLabel('Read each card on insertion').check();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('Each card inserted will be read');
    t.provider.insert('Reader B', await bundledProfile('demo'));
    await expect.poll(() => page.locator('#persons').textContent()).toContain('CAMILLE');
  });

  it('closes the page’s WebSocket at once when its token is revoked', async () => {
    t = await virtualAgent();
    await openPairedDemoPage();
    await expect.poll(() => page.locator('#readers').textContent()).toContain('Reader A');
    type Page = { localStorage: { getItem(key: string): string | null }; socketClosed?: Promise<string> };
    await page.evaluate(
      (url) =>
        new Promise<void>((opened) => {
          const here = globalThis as unknown as Page;
          const token = here.localStorage.getItem('openvitale-agent-token');
          const socket = new WebSocket(`${url.replace('http', 'ws')}/v1/events?autoRead=identification`, [
            'openvitale.v1',
            `openvitale.token.${token}`,
          ]);
          here.socketClosed = new Promise((resolve) => {
            socket.onmessage = (m) => {
              if (JSON.parse(m.data).type === 'read-result') resolve('read-result after revocation');
            };
            socket.onclose = (event) => resolve(`closed ${event.code} ${event.reason}`);
          });
          socket.onopen = () => opened();
        }),
      t.agent.url,
    );
    expect(t.agent.tokens.revokeOrigin(t.own)).toBe(1);
    const closed = page.evaluate(() => (globalThis as unknown as Page).socketClosed);
    expect(await closed).toBe('closed 1008 token revoked');
    // The demo page's own socket was closed too: it forgets the token and asks to pair again.
    await expect.poll(() => page.getByRole('status').textContent()).toContain('pair again');
    expect(await page.getByRole('button', { name: 'Ask for a pairing code' }).isVisible()).toBe(true);
  });

  it('refuses a page from an origin that is not allowed, over HTTP and WebSocket', async () => {
    t = await virtualAgent();
    const other = await otherOrigin();
    servers.push(other.server);
    page = await browser.newPage();
    await page.goto(`${other.origin}/`);
    const outcome = await page.evaluate(async (agent) => {
      const http = await fetch(`${agent}/v1/pair`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }).then(
        (r) => `answered ${r.status}`,
        (e: Error) => `blocked: ${e.name}`,
      );
      const ws = await new Promise<string>((resolve) => {
        const socket = new WebSocket(`${agent.replace('http', 'ws')}/v1/events`, ['openvitale.v1']);
        socket.onopen = () => resolve('open');
        socket.onclose = (event) => resolve(`closed ${event.code}`);
      });
      return { http, ws };
    }, t.agent.url);
    expect(outcome).toEqual({ http: 'blocked: TypeError', ws: 'closed 1006' });
    expect(t.codes).toEqual([]);
    expect(t.logs.join('\n')).toContain('upgrade refused: ORIGIN_NOT_ALLOWED');
  });

  it('lets an allowed origin pair and read with fetch, as an integrator’s application does', async () => {
    const other = await otherOrigin();
    servers.push(other.server);
    t = await virtualAgent({ allowedOrigins: [other.origin] });
    t.provider.insert('Reader A', await bundledProfile('demo'));
    page = await browser.newPage();
    await page.goto(`${other.origin}/`);
    const pairingId = await page.evaluate(async (agent) => {
      const r = await fetch(`${agent}/v1/pair`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ application: 'DPI' }),
      });
      return ((await r.json()) as { pairingId: string }).pairingId;
    }, t.agent.url);
    const code = await waitForCode(t);
    const persons = await page.evaluate(
      async ({ agent, pairingId, code }) => {
        const post = (path: string, body: unknown, token?: string) =>
          fetch(`${agent}${path}`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...(token ? { authorization: `Bearer ${token}` } : {}),
            },
            body: JSON.stringify(body),
          }).then((r) => r.json());
        const { token } = (await post('/v1/pair/confirm', { pairingId, code })) as { token: string };
        const card = (await post('/v1/read', { scope: 'identification' }, token)) as {
          listeBenef: { ident: { prenomUsuel: string } }[];
        };
        return card.listeBenef.map((b) => b.ident.prenomUsuel);
      },
      { agent: t.agent.url, pairingId, code },
    );
    expect(persons).toEqual(['CAMILLE']);
  });

  it('refuses a request whose Host is a foreign name resolved to 127.0.0.1 (DNS rebinding)', async () => {
    t = await virtualAgent();
    page = await browser.newPage();
    const response = await page.goto(`http://evil.test:${t.agent.port}/`);
    expect(response?.status()).toBe(403);
    expect(await response?.text()).toContain('BAD_HOST');
    const api = await page.evaluate(async () => (await fetch('/v1/health')).status);
    expect(api).toBe(403);
    // The WebSocket from the rebound page is refused too.
    await expect(connectEvents(t.agent, { host: `evil.test:${t.agent.port}` })).rejects.toMatchObject({
      status: 403,
    });
  });
});

async function waitForCode(t: TestAgent): Promise<string> {
  for (let i = 0; i < 50 && t.codes.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  const code = t.codes.at(-1)?.code;
  if (!code) throw new Error('the agent announced no pairing code');
  return code;
}
