import { validateJson } from '@openvitale/format/goldens';
import { afterEach, describe, expect, it } from 'vitest';
import { connectEvents, delay, pair, pick, profile, type TestAgent, virtualAgent } from './support.js';

let t: TestAgent;
afterEach(() => t?.agent.close());

describe('WebSocket events through the in-process virtual card', () => {
  it('reports the readers first, then cards inserted and removed, readers added and removed', async () => {
    t = await virtualAgent();
    const client = await connectEvents(t.agent, { token: await pair(t) });
    await client.next((e) => e.type === 'reader-added' && e.reader === 'Reader B');
    t.provider.insert('Reader A', await profile('vitale2-single'));
    expect(await client.next((e) => e.type === 'card-inserted')).toMatchObject({
      reader: 'Reader A',
      kind: 'vitale-2',
    });
    t.provider.remove('Reader A');
    await client.next((e) => e.type === 'card-removed');
    t.provider.addReader('Reader C');
    await client.next((e) => e.type === 'reader-added' && e.reader === 'Reader C');
    t.provider.removeReader('Reader C');
    await client.next((e) => e.type === 'reader-removed');
    expect(client.events.map((e) => e.type)).toEqual([
      'reader-added',
      'reader-added',
      'card-inserted',
      'card-removed',
      'reader-added',
      'reader-removed',
    ]);
    client.close();
  });

  it('reads each inserted card when asked on connection (identification, schema-valid)', async () => {
    t = await virtualAgent();
    const client = await connectEvents(t.agent, { token: await pair(t), query: '?autoRead=identification' });
    t.provider.insert('Reader A', await profile('vitale2-family'));
    const result = await client.next((e) => e.type === 'read-result');
    expect(result).toMatchObject({ reader: 'Reader A', scope: 'identification', format: 'json' });
    expect(await validateJson(result.card)).toEqual([]);
    expect(pick(result.card, 'sortie', 'contenu')).toBe('identification');
    client.close();
  });

  it('switches automatic reads by message: XML, redacted, then off', async () => {
    t = await virtualAgent();
    const client = await connectEvents(t.agent, { token: await pair(t) });
    client.socket.send(JSON.stringify({ type: 'auto-read', format: 'xml', redact: true }));
    await client.next((e) => e.type === 'auto-read' && e.enabled === true);
    t.provider.insert('Reader A', await (await import('@openvitale/virtual-card')).bundledProfile('demo'));
    const result = await client.next((e) => e.type === 'read-result');
    expect(String(result.xml)).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(String(result.xml)).not.toContain('CAMILLE');
    client.socket.send(JSON.stringify({ type: 'auto-read', enabled: false }));
    await client.next((e) => e.type === 'auto-read' && e.enabled === false);
    t.provider.insert('Reader B', await profile('vitale2-single'));
    await client.next((e) => e.type === 'card-inserted' && e.reader === 'Reader B');
    await delay(100);
    expect(client.events.filter((e) => e.type === 'read-result')).toHaveLength(1);
    client.close();
  });

  it('reports a failed read as a read-error event and keeps going', async () => {
    t = await virtualAgent();
    const client = await connectEvents(t.agent, { token: await pair(t), query: '?autoRead=identification' });
    t.provider.insert('Reader A', await profile('cps'));
    t.provider.insert('Reader B', await profile('vitale2-single'));
    const errors = await client.next((e) => e.type === 'read-error');
    expect(errors).toMatchObject({ reader: 'Reader A', error: { code: 'NOT_VITALE' } });
    expect(await client.next((e) => e.type === 'read-result')).toMatchObject({ reader: 'Reader B' });
    client.close();
  });

  it('answers a malformed message with an error event, and the connection stays', async () => {
    t = await virtualAgent();
    const client = await connectEvents(t.agent, { token: await pair(t) });
    client.socket.send('not json');
    client.socket.send(JSON.stringify({ type: 'auto-read', scope: 'everything' }));
    client.socket.send(JSON.stringify({ type: 'launch' }));
    await client.next(() => client.events.filter((e) => e.type === 'error').length === 3);
    expect(client.events.filter((e) => e.type === 'error').map((e) => pick(e, 'error', 'code'))).toEqual([
      'BAD_REQUEST',
      'BAD_REQUEST',
      'BAD_REQUEST',
    ]);
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    client.close();
  });

  it('a client leaving mid-read does not break the next client’s read', async () => {
    t = await virtualAgent();
    const token = await pair(t);
    const leaving = await connectEvents(t.agent, { token, query: '?autoRead=full' });
    t.provider.insert('Reader A', await profile('vitale2-single'), {
      faults: [{ type: 'late', apdu: 'all', ms: 30 }],
    });
    await leaving.next((e) => e.type === 'card-inserted');
    await delay(60);
    leaving.socket.terminate();
    const staying = await connectEvents(t.agent, { token, query: '?autoRead=identification' });
    expect(await staying.next((e) => e.type === 'read-result', 10_000)).toMatchObject({ reader: 'Reader A' });
    staying.close();
  });
});
