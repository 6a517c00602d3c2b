import { describe, expect, it } from 'vitest';
import type { PcscReaderState } from './readers.js';
import { selectReader } from './select.js';

const reader = (name: string, atr?: number[]): PcscReaderState => ({
  name,
  card: atr ? { atr: Uint8Array.from(atr) } : null,
  exclusive: false,
  mute: false,
});
const VITALE = [0x3b, 0x65];
const CPS = [0x3b, 0x7d];
const readers = [
  reader('Gemalto PC Twin Reader 00 00', CPS),
  reader('Gemalto PC Twin Reader 01 00', VITALE),
  reader('ACS ACR38U 00 00'),
];
const isVitale = (atr: Uint8Array) => atr[1] === 0x65;

describe('selectReader', () => {
  it('takes an exact name', () => {
    expect(selectReader('ACS ACR38U 00 00', readers).name).toBe('ACS ACR38U 00 00');
  });

  it('takes an exact name even when it is also part of another name', () => {
    const list = [reader('Reader'), reader('Reader 2')];
    expect(selectReader('Reader', list).name).toBe('Reader');
  });

  it('takes a unique part of a name, ignoring case', () => {
    expect(selectReader('acr38', readers).name).toBe('ACS ACR38U 00 00');
  });

  it('refuses an ambiguous part, naming the candidates', () => {
    expect(() => selectReader('Gemalto', readers)).toThrowError(
      /"Gemalto" is ambiguous.*"Gemalto PC Twin Reader 00 00", "Gemalto PC Twin Reader 01 00"/,
    );
  });

  it('refuses a name nothing matches, listing the readers', () => {
    expect(() => selectReader('Omnikey', readers)).toThrowError(/No reader matches "Omnikey".*ACS ACR38U/);
  });

  it('auto: the one reader holding an accepted card', () => {
    expect(selectReader('auto', readers, isVitale).name).toBe('Gemalto PC Twin Reader 01 00');
  });

  it('auto: no accepted card is NO_CARD, with what each reader holds', () => {
    try {
      selectReader('auto', [readers[0]!, readers[2]!], isVitale);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'NO_CARD' });
      expect(String(error)).toMatch(/card 3B 7D.*empty/);
    }
  });

  it('auto: no reader at all is NO_READER', () => {
    expect(() => selectReader('auto', [], isVitale)).toThrowError(/no reader is connected/);
  });

  it('auto: two accepted cards is an error naming both, never a guess', () => {
    const two = [...readers, reader('Other', VITALE)];
    expect(() => selectReader('auto', two, isVitale)).toThrowError(/Several readers.*01 00.*"Other"/);
  });

  it('auto without a predicate takes any card', () => {
    expect(() => selectReader('auto', readers)).toThrowError(/Several/);
    expect(selectReader('auto', [readers[0]!, readers[2]!]).name).toBe('Gemalto PC Twin Reader 00 00');
  });
});
