import { describe, expect, test } from 'vitest';
import { family, notVitale, rightsFull, single, vitale1 } from '../../test/models.js';
import { toText } from './render.js';

describe('toText', () => {
  test('one aligned block per person, after the card header', () => {
    const text = toText(family());
    const blocks = text.trimEnd().split('\n\n');
    expect(blocks).toHaveLength(4);
    expect(blocks[1]!.split('\n')[0]).toBe('Person 1 of 3');
    // Every value starts in the same column.
    const columns = new Set(
      text
        .split('\n')
        .filter((line) => line.startsWith('  ') && line.trim() !== '')
        .map((line) => line.length - line.slice(2).replace(/^\S.{0,18}?\s{2,}/, '').length),
    );
    expect(columns).toEqual(new Set([22]));
  });

  test('says what was not read, and what a card is not', () => {
    expect(toText(single())).toContain('Rights              not read (cpx-requise)');
    expect(toText(vitale1())).toMatch(/^Carte Vitale 1\n/);
    expect(toText(notVitale())).toMatch(/^Not a carte Vitale\n/);
  });

  test('options apply: redaction and identification only', () => {
    expect(toText(family(), { redact: true })).not.toMatch(/EXEMPLE|ALICE|2751075/);
    const text = toText(rightsFull(), { identificationOnly: true });
    expect(text).not.toContain('Regime');
    expect(text).toMatch(/identification only/);
  });
});
