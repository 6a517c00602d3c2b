import { fromHex } from '@openvitale/transport';
import { characterTimeMs, timingFromAtr, VITALE2_ATR } from '@openvitale/virtual-card';
import { describe, expect, it } from 'vitest';
import { parseClf, readAnything } from './clf.js';
import { floorMs, traffic } from './floor.js';
import { growth } from './memory.js';
import { MARKER, spliceResults } from './report/document.js';
import { table, verdict } from './report/table.js';
import { formatMs, quantile, summarize } from './stats.js';

describe('the physical floor', () => {
  const select = { command: fromHex('00A4040C0BD250000002564954414C45'), response: fromHex('9000') };
  it("is transfer at the card's rate plus the model's overhead per APDU", () => {
    const model = timingFromAtr(VITALE2_ATR);
    // 5 header + 1 procedure byte + 11 data + 2 SW characters, 1 ms reader overhead.
    expect(floorMs(VITALE2_ATR, [select, select])).toBeCloseTo(2 * (1 + 19 * characterTimeMs(model)), 6);
    // Vitale 2: TA1 13 → 372/4 clocks per etu at 3.57 MHz, 12 etu per character.
    expect(characterTimeMs(model)).toBeCloseTo(0.3126, 4);
  });
  it('counts APDUs and bytes at the raw level', () => {
    expect(traffic([select, select])).toEqual({ apdus: 2, bytesOut: 32, bytesIn: 4 });
  });
});

describe("cardpeek's .clf log", () => {
  const clf = [
    '# cardpeek trace file',
    '# version 0',
    'R:3B751300004709EA9000',
    'C:00A404000BD250000002564954414C4500:6113:',
    'C:00c0000013:9000:6F11840B',
    'C:00B0000000:6282:E05FA025',
    '# end',
  ].join('\n');
  it('counts resets and exchanges', () => {
    const log = parseClf(clf);
    expect(log.resets).toBe(1);
    expect(log.exchanges).toHaveLength(3);
    expect(log.exchanges[1]).toEqual({ command: '00C0000013', sw: '9000', data: '6F11840B' });
  });
  it('tells a run that read a file from one that read nothing', () => {
    expect(readAnything(parseClf(clf))).toBe(true);
    expect(readAnything(parseClf('R:3B\nC:00A4020002200100:6A82:\n'))).toBe(false);
  });
});

describe('summaries', () => {
  it('median, quantiles and extremes of repeated runs', () => {
    const s = summarize([5, 1, 3, 2, 4]);
    expect(s).toMatchObject({ n: 5, median: 3, min: 1, max: 5 });
    expect(s.p10).toBeCloseTo(1.4);
    expect(quantile([10, 20], 0.5)).toBe(15);
    expect(formatMs(s)).toBe('3.0 (1.0–5.0)');
    expect(formatMs(summarize([]))).toBe('—');
  });
  it('memory growth from a given sample to the last', () => {
    const samples = [1000, 2000, 10_000].map((reads, i) => ({ reads, heapUsed: 100 + i * 10, rss: 1000 }));
    expect(growth(samples, 1000)).toEqual({ heap: 20, rss: 0 });
    expect(growth(samples.slice(0, 1), 1000)).toBeUndefined();
  });
});

describe('the Markdown writer', () => {
  it('writes tables with escaped cells and goal verdicts', () => {
    expect(table(['a', 'b'], [['1', 'x|y']])).toBe('| a | b |\n| --- | --- |\n| 1 | x\\|y |');
    expect([verdict(true), verdict(false), verdict(undefined)]).toEqual(['met', 'MISSED', 'n/a']);
  });
  it('keeps the written part of docs/performance.md and replaces the results below the marker', () => {
    const once = spliceResults('# Performance\n\n## APDUs per read\n\ntable\n', 'first');
    expect(once).toBe(`# Performance\n\n## APDUs per read\n\ntable\n\n${MARKER}\n\nfirst\n`);
    expect(spliceResults(once, 'second')).toBe(once.replace('first', 'second'));
  });
});
