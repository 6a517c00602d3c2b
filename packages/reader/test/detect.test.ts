import { fromHex } from '@openvitale/transport';
import { VirtualTransportProvider } from '@openvitale/virtual-card';
import { describe, expect, it } from 'vitest';
import { detectCard } from '../src/index.js';
import { cardIn, profile } from './support.js';

describe('detectCard', () => {
  it.each([
    ['vitale2-single', 'vitale-2', 'atr', 0],
    ['vitale1-scot', 'vitale-1', 'bc-c0', 1],
    ['cps', 'cps', 'atr', 0],
    ['unknown-bull-scot5', 'unknown', 'select-mf-vitale', 1],
  ])('%s: %s by %s, %i command(s) sent', async (name, kind, by, commands) => {
    const { runner, open } = await cardIn(name);
    const detection = await detectCard(await open());
    expect(detection.kind).toBe(kind);
    expect(detection.by).toBe(by);
    expect(runner.apduCount).toBe(commands);
  });

  it('confirms a Vitale 2 with a new ATR by SELECT MF_VITALE', async () => {
    const card = await profile('vitale2-single');
    const provider = new VirtualTransportProvider({ readers: ['R'] });
    provider.insert('R', { ...card, atr: '3B7513000050 09EB9001' });
    const detection = await detectCard(await provider.open('R'));
    expect(detection).toMatchObject({ kind: 'vitale-2', by: 'select-mf-vitale' });
    expect(detection.atr).toEqual(fromHex('3B751300005009EB9001'));
  });

  it('does not take a Vitale 1 ATR on a card that fails BC C0', async () => {
    const provider = new VirtualTransportProvider({ readers: ['R'] });
    provider.insert('R', { ...(await profile('cps')), atr: '3F6525002C09699000' });
    expect((await detectCard(await provider.open('R'))).kind).toBe('unknown');
  });
});
