import { fromHex } from '@openvitale/transport';
import { describe, expect, it } from 'vitest';
import { VITALE1_ATR } from './cards/vitale1/card.js';
import { VITALE2_ATR } from './cards/vitale2/aids.js';
import {
  characterTimeMs,
  exchangeTimeMs,
  lineCharacters,
  modelledTimeMs,
  ratesFromAtr,
  timingFromAtr,
} from './timing.js';

describe('timing model', () => {
  it('reads Fi 372 / Di 4 from the Vitale 2 TA1 = 13, and the defaults without TA1', () => {
    expect(ratesFromAtr(VITALE2_ATR)).toEqual({ fi: 372, di: 4 });
    expect(ratesFromAtr(VITALE1_ATR)).toEqual({ fi: 372, di: 1 });
    expect(ratesFromAtr(fromHex('3B 10 96'))).toEqual({ fi: 512, di: 32 });
  });

  it('gives 93 cycles per etu, 312.6 µs per character at 3.57 MHz', () => {
    const model = timingFromAtr(VITALE2_ATR);
    expect(model).toMatchObject({ clockHz: 3_570_000, etuPerCharacter: 12, readerOverheadMs: 1 });
    expect(characterTimeMs(model)).toBeCloseTo((93 * 12 * 1000) / 3_570_000, 9);
    expect(characterTimeMs(model)).toBeCloseTo(0.3126, 4);
  });

  it('counts T=0 characters: header, procedure byte, data in, data out, SW', () => {
    expect(lineCharacters(fromHex('00 B0 00 00 04'), fromHex('01020304 9000'))).toBe(5 + 1 + 4 + 2);
    expect(lineCharacters(fromHex('00 A4 04 0C 02 3F00'), fromHex('9000'))).toBe(5 + 1 + 2 + 2);
    expect(lineCharacters(fromHex('00 A4 04 00 02 3F00 00'), fromHex('6112'))).toBe(5 + 1 + 2 + 2);
    expect(lineCharacters(fromHex('00 B0 00'), fromHex('6700'))).toBe(7);
  });

  it('adds the reader overhead per APDU and sums a list of exchanges', () => {
    const model = timingFromAtr(VITALE2_ATR, { readerOverheadMs: 2 });
    const a = { command: fromHex('00 B0 00 00 04'), response: fromHex('01020304 9000') };
    const b = { command: fromHex('00 A4 04 0C 02 3F00'), response: fromHex('9000') };
    expect(exchangeTimeMs(a.command, a.response, model)).toBeCloseTo(2 + 12 * characterTimeMs(model), 9);
    expect(modelledTimeMs([a, b], model)).toBeCloseTo(4 + 22 * characterTimeMs(model), 9);
    expect(modelledTimeMs([], model)).toBe(0);
  });
});
