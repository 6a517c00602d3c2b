import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGalssIni } from './ini.js';
import { describeResources, formatPcscConfig, planMigration } from './migrate.js';

const plan = (name: string, options = {}) =>
  planMigration(
    parseGalssIni(readFileSync(new URL(`../../../fixtures/galss/${name}`, import.meta.url), 'utf8')),
    options,
  );

describe('planMigration', () => {
  it('a PC/SC site: each resource keeps its exact reader name', () => {
    const result = plan('pcsc-two-readers.ini');
    expect(result).toMatchObject({
      vitaleReader: 'Synthetic Bi-Slot Reader Vitale 1',
      cpsReader: 'Synthetic Bi-Slot Reader CPS 0',
      warnings: [],
    });
    expect(formatPcscConfig(result)).toBe(
      '; OpenVitale: PC/SC readers replacing GALSS, planned from galss.ini\r\n' +
        'Mode=PCSC\r\n' +
        'Ressource_Vitale=Synthetic Bi-Slot Reader Vitale 1\r\n' +
        'Ressource_CPS=Synthetic Bi-Slot Reader CPS 0\r\n',
    );
    expect(describeResources(result)).toEqual([
      'CPS / TRANSPA1 (cps): PC/SC reader "Synthetic Bi-Slot Reader CPS 0"',
      'Vitale / TRANSPA2 (vitale): PC/SC reader "Synthetic Bi-Slot Reader Vitale 1"',
    ]);
  });

  it('a serial PSS terminal: no PC/SC equivalent, a warning for each card', () => {
    const result = plan('serial-terminal.ini');
    expect(result.vitaleReader).toBeNull();
    expect(result.cpsReader).toBeNull();
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]).toMatch(/Vitale \(Vitale\) is on a serial PSS terminal \(COM1\).*PC\/SC mode/);
    expect(result.resources.map((r) => r.role)).toEqual(['terminal-application', 'cps', 'vitale']);
    expect(describeResources(result)[0]).toBe(
      'Log_SV (terminal-application): serial PSS terminal on COM1 (9600,1,8,0,0), LAD 0',
    );
    const text = formatPcscConfig(result);
    expect(text).toContain('; warning: Vitale (Vitale) is on a serial PSS terminal');
    // A key api_lec.ini accepts: the Vitale card is then found by its ATR in whatever reader holds it.
    expect(text).toContain('; Ressource_Vitale=auto: no PC/SC reader is known for Vitale');
    expect(text).toContain('Ressource_Vitale=auto\r\n');
    expect(text).toContain('Ressource_CPS=\r\n');
  });

  it('mixed: the Vitale resource found by its alias on PC/SC, the CPS left on the serial terminal', () => {
    const result = plan('mixed-aliases.ini');
    expect(result.vitaleReader).toBe('Synthetic Reader (Vitale) 00 00');
    expect(result.cpsReader).toBeNull();
    expect(result.warnings).toEqual([
      expect.stringMatching(/^CPS \(CPS\) is on a serial PSS terminal \(COM3\)/),
    ]);
  });

  it('says when a card has no resource at all, or has several', () => {
    const ini = parseGalssIni(
      [
        '[CONFIG]',
        'NbCanaux=1',
        '[CANAL1]',
        'TCanal=3',
        'Caracteristiques=R0',
        '[CANAL1.PAD1]',
        'NbLAD=2',
        '[CANAL1.PAD1.LAD1]',
        'LAD=1',
        'NomLAD=Vitale',
        '[CANAL1.PAD1.LAD2]',
        'LAD=2',
        'NomLAD=V2',
        'NbAlias=1',
        'NomAlias1=TRANSPA2',
      ].join('\r\n'),
    );
    const result = planMigration(ini);
    expect(result.vitaleReader).toBe('R0');
    expect(result.warnings).toEqual([
      '2 Vitale resources (Vitale, V2): the first is used',
      'No CPS resource in galss.ini: set the CPS reader by hand',
    ]);
  });

  it('the resources the site names: by LAD name or alias, exact or a unique part, as --reader does', () => {
    const byAlias = plan('mixed-aliases.ini', { vitale: 'TRANSPA2', cps: 'cps_cab' });
    expect(byAlias.vitaleReader).toBe('Synthetic Reader (Vitale) 00 00');
    expect(byAlias.resources.map((r) => [r.name, r.role])).toEqual([
      ['Log_SV', 'terminal-application'],
      ['CPS', 'cps'],
      ['VIT_ACC', 'vitale'],
    ]);
    expect(plan('mixed-aliases.ini', { vitale: 'acc' }).vitaleReader).toBe('Synthetic Reader (Vitale) 00 00');
    const twoReaders = plan('pcsc-two-readers.ini', { vitale: 'CPS', cps: 'Vitale' });
    expect([twoReaders.vitaleReader, twoReaders.cpsReader]).toEqual([
      'Synthetic Bi-Slot Reader CPS 0',
      'Synthetic Bi-Slot Reader Vitale 1',
    ]);
  });

  it('a named resource that galss.ini lacks, or that names several: a warning', () => {
    const missing = plan('pcsc-two-readers.ini', { vitale: 'LECTVIT' });
    expect(missing.vitaleReader).toBeNull();
    expect(missing.warnings).toEqual([
      'No resource of galss.ini is named "LECTVIT" (the Vitale resource): set the Vitale reader by hand',
    ]);
    const several = plan('pcsc-two-readers.ini', { vitale: 'TRANSPA' });
    expect(several.vitaleReader).toBe('Synthetic Bi-Slot Reader CPS 0');
    expect(several.warnings[0]).toBe(
      '"TRANSPA" names 2 resources (CPS, Vitale): the first is used as the Vitale resource',
    );
  });

  it('a named resource is echoed escaped: it cannot add a line to the config written', () => {
    const forged = plan('pcsc-two-readers.ini', { vitale: 'NONE\r\nRessource_Vitale=evil' });
    expect(forged.warnings).toEqual([
      'No resource of galss.ini is named "NONE\\r\\nRessource_Vitale=evil" (the Vitale resource): set the Vitale reader by hand',
    ]);
    expect(
      formatPcscConfig(forged)
        .split('\r\n')
        .filter((l) => l.startsWith('Ressource_Vitale=')),
    ).toEqual(['Ressource_Vitale=auto']);
  });
});
