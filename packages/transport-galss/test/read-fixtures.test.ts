import { readdir } from 'node:fs/promises';
import { toHex } from '@openvitale/transport';
import { loadProfile, openVirtualCard } from '@openvitale/virtual-card';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGalssTransport } from '../src/index.js';
import { insertCard, LIBRARIES, RULES, runScript, settle, startMock } from './support.js';

const FIXTURES = new URL('../../../fixtures/cards/', import.meta.url);
const names = (await readdir(FIXTURES)).filter((f) => f.endsWith('.json')).sort();

describe.each(RULES)(
  'every fixture card reads the same through GALSS (koffi → C stand-in → PSS → vpcd) as in process, exchanges without exclusivity %s',
  (exclusivity) => {
    let mock: Awaited<ReturnType<typeof startMock>>;
    beforeAll(async () => {
      mock = await startMock({ exclusivity, recordCalls: false });
    });
    afterAll(async () => {
      await mock.close();
    });

    it('has fixtures to read', () => {
      expect(names.length).toBeGreaterThan(10);
    });

    it.each(names)('%s', async (file) => {
      const profile = await loadProfile(new URL(file, FIXTURES));
      const expected = await openVirtualCard(profile);
      const expectedLines = await expected.session((channel) => runScript(channel));
      await expected.close();

      const card = await insertCard(mock, 'Vitale', profile);
      await settle();
      const transport = await openGalssTransport({ ...LIBRARIES });
      try {
        expect(toHex(transport.atr)).toBe(toHex(expected.atr));
        const lines = await transport.session((channel) => runScript(channel));
        expect(lines).toEqual(expectedLines);
      } finally {
        await transport.close();
        await card.close();
        await settle();
      }
    });
  },
);
