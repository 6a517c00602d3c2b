import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GalssIniError, parseGalssIni } from './ini.js';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/galss/${name}`, import.meta.url));
const text = (name: string) => fixture(name).toString('utf8');

describe('parseGalssIni on real-world-shaped files', () => {
  it('keeps the CRLF of the fixtures (what sites have)', () => {
    expect(fixture('serial-terminal.ini').includes('\r\n')).toBe(true);
  });

  it('a PC/SC site: one channel per slot, the reader name in Caracteristiques', () => {
    const ini = parseGalssIni(text('pcsc-two-readers.ini'));
    expect(ini.protocols).toMatchObject([{ index: 1, library: 'PCSCW64.DLL', config: '', initDelay: '0' }]);
    expect(
      ini.channels.map((c) => [
        c.index,
        c.type,
        c.characteristics,
        c.pads[0]?.lads.map((l) => [l.name, l.aliases]),
      ]),
    ).toEqual([
      [1, 3, 'Synthetic Bi-Slot Reader CPS 0', [['CPS', ['TRANSPA1']]]],
      [2, 3, 'Synthetic Bi-Slot Reader Vitale 1', [['Vitale', ['TRANSPA2']]]],
    ]);
    expect(ini.sections.get('CONFIG')?.get('TRACELEVEL')).toBe('0');
  });

  it('a serial PSS terminal: one channel, PAD 2, three LADs', () => {
    const ini = parseGalssIni(text('serial-terminal.ini'));
    const [channel] = ini.channels;
    expect(channel).toMatchObject({
      type: 1,
      portIndex: 1,
      connectionType: 1,
      protocol: 1,
      characteristics: '9600,1,8,0,0',
    });
    expect(channel?.pads[0]?.pad).toBe(2);
    expect(channel?.pads[0]?.lads.map((l) => [l.lad, l.name, l.aliases, l.line])).toEqual([
      [0, 'Log_SV', [], 22],
      [1, 'CPS', ['TRANSPA1'], 27],
      [2, 'Vitale', ['TRANSPA2'], 33],
    ]);
  });

  it('hand-edited: a BOM, any case, spaces around =, several aliases, mixed channels', () => {
    const ini = parseGalssIni(text('mixed-aliases.ini'));
    expect(ini.protocols.map((p) => p.library)).toEqual(['PSSINW32.DLL', 'PCSCW32.DLL']);
    expect(ini.channels[0]?.pads[0]?.lads[1]?.aliases).toEqual(['TRANSPA1', 'CPS_CAB']);
    expect(ini.channels[1]?.characteristics).toBe('Synthetic Reader (Vitale) 00 00');
  });

  it('reads LF and lone CR files too', () => {
    const lf = text('serial-terminal.ini').replace(/\r\n/g, '\n');
    expect(parseGalssIni(lf).channels).toHaveLength(1);
    expect(parseGalssIni(lf.replace(/\n/g, '\r')).channels).toHaveLength(1);
  });
});

describe('parseGalssIni on malformed files: a GalssIniError with the line', () => {
  const crlf = (...lines: string[]) => lines.join('\r\n');
  const base = ['[CONFIG]', 'NbCanaux=1', '[CANAL1]', 'TCanal=3', 'NbPAD=1', '[CANAL1.PAD1]', 'NbLAD=1'];
  const cases: [string, string, number, RegExp][] = [
    ['no [CONFIG]', crlf('[CANAL1]', 'TCanal=3'), 1, /no \[CONFIG\]/],
    ['a key before any section', crlf('NbCanaux=1', '[CONFIG]'), 1, /before any/],
    ['a broken section header', crlf('[CONFIG]', 'NbCanaux=1', '[CANAL1'), 3, /malformed section/],
    ['a line without =', crlf('[CONFIG]', 'NbCanaux 1'), 2, /key=value/],
    ['a section twice', crlf('[CONFIG]', 'NbCanaux=0', '[config]'), 3, /appears twice/],
    ['a key twice', crlf('[CONFIG]', 'NbCanaux=0', 'NbCanaux=1'), 3, /appears twice/],
    ['a number that is not one', crlf('[CONFIG]', 'NbCanaux=deux'), 2, /whole number/],
    ['NbCanaux missing', crlf('[CONFIG]', 'Trace=1'), 1, /NBCANAUX/],
    [
      'a declared channel missing',
      crlf('[CONFIG]', 'NbCanaux=2', '[CANAL1]', 'TCanal=3', 'NbPAD=0'),
      1,
      /\[CANAL2\]/,
    ],
    ['a declared LAD missing', crlf(...base), 6, /\[CANAL1\.PAD1\.LAD1\]/],
    ['a LAD without its name', crlf(...base, '[CANAL1.PAD1.LAD1]', 'LAD=2'), 8, /NOMLAD/],
    [
      'a declared alias missing',
      crlf(...base, '[CANAL1.PAD1.LAD1]', 'LAD=2', 'NomLAD=Vitale', 'NbAlias=1'),
      8,
      /NOMALIAS1/,
    ],
    ['TCanal missing', crlf('[CONFIG]', 'NbCanaux=1', '[CANAL1]', 'NbPAD=0'), 3, /TCANAL/],
  ];
  it.each(cases)('%s', (_why, source, line, message) => {
    let error: unknown;
    try {
      parseGalssIni(source);
    } catch (e) {
      error = e;
    }
    expect(GalssIniError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'GALSS_INI', line });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(`line ${line}:`);
  });
});
