import { describe, expect, it } from 'vitest';
import { ConfigError, checkOptions, DEFAULT_CONFIG, parseConfig } from './config.js';

describe('parseConfig', () => {
  it('reads an api_lec.ini with CRLF, comments and sections', () => {
    const text = [
      '; api_lec.ini of a hospital reception desk',
      '[LECTURE]',
      'Ressource_Vitale=Gemalto PC Twin Reader 00 00',
      'Ressource_CPS = Gemalto PC Twin Reader 01 00 ',
      '# our keys',
      'Mode=PCSC',
      'CentreCarte0000=1',
      'NiveauTrace=2',
      'DelaiLectureMs=5000',
      '',
    ].join('\r\n');
    expect(parseConfig(text)).toEqual({
      ...DEFAULT_CONFIG,
      vitaleReader: 'Gemalto PC Twin Reader 00 00',
      cpsReader: 'Gemalto PC Twin Reader 01 00',
      centreCarte0000: true,
      traceLevel: 2,
      readTimeoutMs: 5000,
    });
  });

  it('has defaults for an empty file, and takes keys in any case', () => {
    expect(parseConfig('')).toEqual(DEFAULT_CONFIG);
    expect(parseConfig('mode=galss\nbibliothequegalss=/opt/galss/libgalcllux.so')).toMatchObject({
      mode: 'galss',
      galssLibrary: '/opt/galss/libgalcllux.so',
    });
  });

  it("accepts the drop-in C library's keys, which the reader does not use", () => {
    const text =
      'OpenVitaleCommande=/usr/bin/node\nopenvitaletransport=demo\nOpenVitaleJournal=/var/log/apilec.log';
    expect(parseConfig(text)).toEqual(DEFAULT_CONFIG);
  });

  it('takes CR alone as a line end, and a leading BOM', () => {
    expect(parseConfig('\uFEFFMode=GALSS\rCentreCarte0000=1\r')).toMatchObject({
      mode: 'galss',
      centreCarte0000: true,
    });
  });

  it.each([
    [
      'Ressource_Vitale=auto\nRessource_Carte=x',
      2,
      'Ressource_Carte',
      /unknown key "Ressource_Carte" \(known: Ressource_Vitale, /,
    ],
    ['Mode=USB', 1, 'Mode', /Mode must be PCSC or GALSS \(got "USB"\)/],
    ['CentreCarte0000=yes', 1, 'CentreCarte0000', /must be 0 or 1/],
    ['NiveauTrace=9', 1, 'NiveauTrace', /must be 0, 1 or 2/],
    ['DelaiLectureMs=10s', 1, 'DelaiLectureMs', /whole number of milliseconds/],
    ['Ressource_Vitale=', 1, 'Ressource_Vitale', /needs a reader name/],
    ['Mode=PCSC\r\nmode=GALSS', 2, 'mode', /set twice/],
    ['just words', 1, undefined, /expected key=value/],
  ])('rejects %j at line %i', (text, line, key, message) => {
    let error: unknown;
    try {
      parseConfig(text, 'site.ini');
    } catch (e) {
      error = e;
    }
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).line).toBe(line);
    expect((error as ConfigError).key).toBe(key);
    expect((error as ConfigError).message).toMatch(new RegExp(`^site.ini:${line}: `));
    expect((error as ConfigError).message).toMatch(message);
  });
});

describe('checkOptions', () => {
  it('names an unknown option and what is allowed', () => {
    expect(() => checkOptions({ timeoutMs: 1, readr: 'x' }, ['timeoutMs', 'reader'], 'readNextCard')).toThrow(
      'readNextCard: unknown option "readr" (allowed: timeoutMs, reader)',
    );
    expect(() => checkOptions({ timeoutMs: 1 }, ['timeoutMs'], 'x')).not.toThrow();
  });
});
