import { fromHex } from '@openvitale/transport';
import { describe, expect, it } from 'vitest';
import { type GalssReaderProbe, galssReaderEvents } from './provider.js';

const ATR = fromHex('3B751300004709EA9000');
const probe = (name: string, counter: number, present: boolean): GalssReaderProbe => ({
  name,
  counter,
  card: present ? { atr: ATR } : null,
});

describe('galssReaderEvents', () => {
  it('sees a swap between two cards of one model by the counter', () => {
    const events = galssReaderEvents([probe('Vitale', 1, true)], [probe('Vitale', 2, true)]);
    expect(events.map((e) => e.type)).toEqual(['card-removed', 'card-inserted']);
  });

  it('stays quiet while the counter holds, and keeps the contract order otherwise', () => {
    expect(galssReaderEvents([probe('Vitale', 1, true)], [probe('Vitale', 1, true)])).toEqual([]);
    const events = galssReaderEvents(
      [probe('CPS', 1, true), probe('Vitale', 3, true)],
      [probe('Vitale', 4, true)],
    );
    expect(events.map((e) => `${e.type} ${e.reader}`)).toEqual([
      'card-removed Vitale',
      'card-removed CPS',
      'reader-removed CPS',
      'card-inserted Vitale',
    ]);
  });

  it('a held reader: held, no card event while held, released before what changed meanwhile', () => {
    const held = { ...probe('Vitale', 1, true), heldBy: 'AUTRE_APPLI' };
    expect(galssReaderEvents([probe('Vitale', 1, true)], [held])).toEqual([
      { type: 'reader-held', reader: 'Vitale', holder: 'AUTRE_APPLI' },
    ]);
    expect(galssReaderEvents([held], [held])).toEqual([]);
    expect(galssReaderEvents([held], [probe('Vitale', 2, true)]).map((e) => e.type)).toEqual([
      'reader-released',
      'card-removed',
      'card-inserted',
    ]);
    const first = galssReaderEvents([], [{ ...probe('Vitale', -1, false), heldBy: '' }]);
    expect(first).toEqual([
      { type: 'reader-added', reader: 'Vitale' },
      { type: 'reader-held', reader: 'Vitale', holder: '' },
    ]);
  });
});
