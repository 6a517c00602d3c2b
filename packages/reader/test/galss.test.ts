import { insertIntoVpcd, type VpcdCard } from '@openvitale/virtual-card/vpcd';
import {
  exchangesOutsideExclusivity,
  type GalssMock,
  MOCK_CLIENT_LIBRARY,
  mockSocketPath,
  RENAMED_SITE_INI,
  sessionsOf,
  startGalssMock,
} from '@openvitale-tools/galss-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiLec } from '../src/index.js';
import { profile, site } from './support.js';

const GALSS = `Mode=GALSS\nBibliothequeGALSS=${MOCK_CLIENT_LIBRARY}\n`;

describe('ApiLec in GALSS mode, through the C stand-in', () => {
  let mock: GalssMock;
  let card: VpcdCard;
  beforeAll(async () => {
    const socketPath = mockSocketPath();
    process.env.GALSS_MOCK_SOCKET = socketPath;
    mock = await startGalssMock({ ini: RENAMED_SITE_INI, socketPath, recordCalls: true });
    card = await insertIntoVpcd(await profile('vitale2-single'), {
      port: mock.cardPort('LECTVIT'),
      quickAck: false,
    });
  });
  afterAll(async () => {
    await card.close();
    await mock.close();
  });

  it('Ressource_Vitale= reaches the LAD by its alias; exclusivity comes before the card is touched', async () => {
    mock.clearCalls();
    const api = await ApiLec.init(await site(`${GALSS}Ressource_Vitale=TRANSPA2\n`));
    try {
      const result = await api.readIdentification(5);
      if (!result.ok) throw result.error;
      expect(result.read.reader).toBe('LECTVIT');
      expect(result.read.card.persons).toHaveLength(1);
    } finally {
      await api.finish();
    }
    expect(exchangesOutsideExclusivity(mock.calls)).toEqual([]);
    // The read's own session: the one that sent card commands.
    const read = [...sessionsOf(mock.calls).values()].find((lines) => lines.includes('Echange 01'));
    expect(read?.slice(0, 4)).toEqual(['OuvrirSession -', 'DebutExclusivite 0', 'Echange 16', 'Echange 14']);
    expect(read?.slice(-3)).toEqual(['Echange 15', 'FinExclusivite 0', 'FermerSession 0']);
  });

  it('a Ressource_Vitale= GALSS does not have fails at once, naming the resources it has', async () => {
    const api = await ApiLec.init(await site(`${GALSS}Ressource_Vitale=Vitale\n`));
    const started = performance.now();
    const result = await api.readIdentification(30);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.ok ? 'read' : [result.cardState, result.error.code]).toEqual(['api-error', 'NO_READER']);
    expect(result.ok || result.error.message).toContain('LECTVIT or TRANSPA2');
    await api.finish();
  });
});
