import { unofficialElements, validateJson } from '@openvitale/format/goldens';
import type { ApduTransport } from '@openvitale/transport';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bearer,
  call,
  delay,
  pair,
  pick,
  postRead,
  profile,
  type TestAgent,
  virtualAgent,
} from './support.js';

const NIR = '185057512345673';
let t: TestAgent;
afterEach(() => t?.agent.close());

async function ready(card = 'vitale2-single', reader = 'Reader A') {
  t = await virtualAgent();
  const token = await pair(t);
  t.provider.insert(reader, await profile(card));
  return token;
}

const demoCard = async () => (await import('@openvitale/virtual-card')).bundledProfile('demo');

describe('HTTP API through the in-process virtual card', () => {
  it('answers health without Origin or token (for doctor), with the version', async () => {
    t = await virtualAgent();
    const reply = await call(t.agent, { path: '/v1/health', headers: { origin: null } });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ status: 'ok', agent: '@openvitale/agent', api: 'v1' });
  });

  it('lists readers with the card each holds, once paired', async () => {
    const token = await ready();
    expect((await call(t.agent, { path: '/v1/readers' })).json).toMatchObject({
      error: { code: 'UNPAIRED' },
    });
    const reply = await call(t.agent, { path: '/v1/readers', headers: bearer(token) });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({
      readers: [
        { name: 'Reader A', card: { kind: 'vitale-2' } },
        { name: 'Reader B', card: null },
      ],
      auto: 'Reader A',
    });
  });

  it('reads the identification by default: the CLI JSON, valid against the one schema', async () => {
    const token = await ready();
    t.provider.remove('Reader A');
    t.provider.insert('Reader A', await demoCard());
    const reply = await postRead(t.agent, token);
    expect(reply.status).toBe(200);
    expect(reply.headers['openvitale-reader']).toBe('Reader%20A');
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(await validateJson(reply.json)).toEqual([]);
    expect(reply.json).toMatchObject({ sortie: { contenu: 'identification', masquage: false } });
    expect(pick(reply.json, 'carte', 'listeFichiers')).toBeUndefined();
    expect(pick(reply.json, 'listeBenef', 0, 'ident', 'nir')).toBe(NIR);
    expect(pick(reply.json, 'listeBenef', 0, 'ident', 'prenomUsuel')).toBe('CAMILLE');
  });

  it('reads in full on request, and masks NIR and names when asked', async () => {
    const token = await ready();
    t.provider.remove('Reader A');
    t.provider.insert('Reader A', await demoCard());
    const full = await postRead(t.agent, token, { scope: 'full' });
    expect(await validateJson(full.json)).toEqual([]);
    expect(full.json).toMatchObject({ sortie: { contenu: 'complet' } });
    expect(pick(full.json, 'carte', 'listeFichiers')).toBeInstanceOf(Array);
    const masked = await postRead(t.agent, token, { redact: true });
    expect(await validateJson(masked.json)).toEqual([]);
    expect(masked.text).not.toContain(NIR.slice(0, 13));
    expect(masked.text).not.toContain('CAMILLE');
  });

  it('answers the official XML on request (format or Accept), in ISO-8859-1', async () => {
    const token = await ready('vitale2-accents-long-names');
    for (const request of [{ body: { format: 'xml' } }, { headers: { accept: 'application/xml' } }]) {
      const reply = await call(t.agent, {
        method: 'POST',
        path: '/v1/read',
        ...(request.body ? { body: request.body } : {}),
        headers: { ...bearer(token), ...request.headers },
      });
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toBe('application/xml; charset=ISO-8859-1');
      expect(reply.body.toString('latin1')).toMatch(
        /^<\?xml version="1.0" encoding="ISO-8859-1"\?><T_AsnDonneesVitale>/,
      );
      expect(unofficialElements(reply.body)).toEqual([]);
    }
  });

  it('answers the extended XML profile on request, and says xmlProfile is for XML only', async () => {
    const token = await ready();
    const reply = await postRead(t.agent, token, { format: 'xml', xmlProfile: 'extended' });
    expect(reply.status).toBe(200);
    expect(reply.body.toString('latin1')).toContain('<T_AsnDonneesVitale xmlns:ov="urn:openvitale:xml:1">');
    const json = await postRead(t.agent, token, { xmlProfile: 'extended' });
    expect(json.status).toBe(400);
    expect(json.text).toMatch(/applies to XML only/);
  });

  it('answers a Vitale 1 with a read error of its own: its persons cannot be decoded', async () => {
    const token = await ready('vitale1-scot');
    const identification = await postRead(t.agent, token);
    expect(identification.status).toBe(422);
    expect(pick(identification.json, 'error', 'code')).toBe('LAYOUT_NOT_PUBLIC');
    const official = await postRead(t.agent, token, { scope: 'full', format: 'xml' });
    expect(official.status).toBe(422);
    expect(pick(official.json, 'error', 'code')).toBe('LAYOUT_NOT_PUBLIC');
    const full = await postRead(t.agent, token, { scope: 'full' });
    expect(pick(full.json, 'carte', 'personnesNonLues', 'motif')).toBe('structure-non-publique');
  });

  it('chooses the reader as the reader package does: by name, by unique part, auto', async () => {
    const token = await ready('vitale2-single', 'Reader A');
    t.provider.insert('Reader B', await profile('vitale2-family'));
    const byName = await postRead(t.agent, token, { reader: 'Reader B' });
    expect(byName.headers['openvitale-reader']).toBe('Reader%20B');
    expect((pick(byName.json, 'listeBenef') as unknown[]).length).toBeGreaterThan(1);
    const ambiguous = await postRead(t.agent, token, { reader: 'Reader' });
    expect(ambiguous.status).toBe(422);
    expect(ambiguous.json).toMatchObject({ error: { code: 'NO_READER', step: 'choose-reader' } });
    // Advice an API client can follow: the body has no waitForReader.
    const none = await postRead(t.agent, token, { reader: 'nothere' });
    expect(pick(none.json, 'error', 'message')).toMatch(
      /^No reader matches "nothere"; .*: give one of these names or a unique part of one$/,
    );
  });

  it('keeps the wait deadline apart from the read: NO_CARD (408) when no card comes', async () => {
    t = await virtualAgent();
    const token = await pair(t);
    const reply = await postRead(t.agent, token, { waitTimeoutMs: 200 });
    expect(reply.status).toBe(408);
    expect(reply.json).toMatchObject({ error: { code: 'NO_CARD', step: 'wait-for-card' } });
  });

  it('waits for a card inserted during the request', async () => {
    t = await virtualAgent();
    const token = await pair(t);
    const reading = postRead(t.agent, token, { waitTimeoutMs: 5000 });
    await delay(100);
    t.provider.insert('Reader B', await profile('vitale2-single'));
    expect((await reading).status).toBe(200);
  });

  it('serialises reads on one reader and runs different readers in parallel', async () => {
    t = await virtualAgent();
    const token = await pair(t);
    const late = { faults: [{ type: 'late' as const, apdu: 'all' as const, ms: 5 }] };
    t.provider.insert('Reader A', await profile('vitale2-single'), late);
    t.provider.insert('Reader B', await profile('vitale2-single'), late);
    // Count sessions open at once, per reader and overall.
    const active = new Map<string, number>();
    let maxSame = 0;
    let maxAll = 0;
    const open = t.provider.open.bind(t.provider);
    t.provider.open = async (reader, options) => {
      const transport: ApduTransport = await open(reader, options);
      const session = transport.session.bind(transport);
      transport.session = async (work, o) => {
        active.set(reader, (active.get(reader) ?? 0) + 1);
        maxSame = Math.max(maxSame, active.get(reader)!);
        maxAll = Math.max(
          maxAll,
          [...active.values()].reduce((a, b) => a + b, 0),
        );
        try {
          return await session(work, o);
        } finally {
          active.set(reader, active.get(reader)! - 1);
        }
      };
      return transport as Awaited<ReturnType<typeof open>>;
    };
    const replies = await Promise.all(
      ['Reader A', 'Reader A', 'Reader A', 'Reader B', 'Reader B'].map((reader) =>
        postRead(t.agent, token, { reader }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(maxSame).toBe(1);
    expect(maxAll).toBe(2);
  });

  it('a client hanging up mid-read releases the reader: the next read works', async () => {
    t = await virtualAgent();
    const token = await pair(t);
    t.provider.insert('Reader A', await profile('vitale2-single'), {
      faults: [{ type: 'late', apdu: 'all', ms: 40 }],
    });
    const controller = new AbortController();
    const first = call(t.agent, {
      method: 'POST',
      path: '/v1/read',
      headers: bearer(token),
      signal: controller.signal,
    });
    await delay(120);
    controller.abort();
    await expect(first).rejects.toThrow();
    const second = await postRead(t.agent, token);
    expect(second.status).toBe(200);
    await delay(20);
    expect(t.logs.some((l) => l.includes('POST /v1/read 200'))).toBe(true);
  });

  it('revokes a token: by the application (DELETE /v1/pair) and by the user (tokens.revokeOrigin)', async () => {
    t = await virtualAgent();
    const token = await pair(t);
    expect((await call(t.agent, { method: 'DELETE', path: '/v1/pair', headers: bearer(token) })).status).toBe(
      200,
    );
    expect((await call(t.agent, { path: '/v1/readers', headers: bearer(token) })).json).toMatchObject({
      error: { code: 'BAD_TOKEN' },
    });
    const second = await pair(t);
    expect((await call(t.agent, { path: '/v1/readers', headers: bearer(second) })).status).toBe(200);
    expect(t.agent.tokens.revokeOrigin(t.own)).toBe(1);
    expect((await call(t.agent, { path: '/v1/readers', headers: bearer(second) })).status).toBe(401);
  });

  it('keeps no per-request state: after many reads nothing is left queued', async () => {
    const token = await ready();
    for (let i = 0; i < 30; i++) {
      expect((await postRead(t.agent, token)).status).toBe(200);
    }
    expect(t.agent.tokens.list()).toHaveLength(1);
  });
});
