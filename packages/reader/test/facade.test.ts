import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseXml } from '@openvitale/format';
import { unofficialElements } from '@openvitale/format/goldens';
import { VirtualTransportProvider } from '@openvitale/virtual-card';
import { describe, expect, it } from 'vitest';
import { ApiLec, ConfigError } from '../src/index.js';
import { profile, site } from './support.js';

async function provider(...cards: [reader: string, name: string][]) {
  const readers = new VirtualTransportProvider({ readers: ['Lecteur CPS', 'Lecteur Vitale'] });
  for (const [reader, name] of cards) readers.insert(reader, await profile(name));
  return readers;
}

describe('ApiLec facade', () => {
  it('reads the identification as XML with a card state, as the closed API does', async () => {
    const dir = await site('Ressource_Vitale=Lecteur Vitale\nRessource_CPS=Lecteur CPS\nCentreCarte0000=1\n');
    const api = await ApiLec.init(dir, { provider: await provider(['Lecteur Vitale', 'vitale2-family']) });
    const result = await api.readIdentification(5);
    expect(result.ok && result.cardState).toBe('read');
    if (!result.ok) throw result.error;
    // The official profile, byte for byte what `openvitale read --format xml` prints for this card.
    const golden = await readFile(new URL('../../../fixtures/expected/vitale2-family.xml', import.meta.url));
    expect(result.xml).toEqual(new Uint8Array(golden));
    expect(unofficialElements(result.xml)).toEqual([]);
    await api.finish();
    const after = await api.readIdentification(1);
    expect(after.ok ? 'read' : after.error.code).toBe('CLOSED');
  });

  it('gives card states instead of throwing: missing, not Vitale', async () => {
    const api = await ApiLec.init(await site('Ressource_Vitale=auto\n'), {
      provider: await provider(['Lecteur CPS', 'cps']),
    });
    const missing = await api.readIdentification(0.05);
    expect(missing.cardState).toBe('card-missing');
    const named = await ApiLec.init(await site('Ressource_Vitale=Lecteur CPS\n'), {
      provider: await provider(['Lecteur CPS', 'cps']),
    });
    expect((await named.readFull(1)).cardState).toBe('not-vitale');
  });

  it('reports a Vitale 1 with a card state of its own: its persons cannot be decoded', async () => {
    const options = { provider: await provider(['Lecteur Vitale', 'vitale1-scot']) };
    const api = await ApiLec.init(await site('Ressource_Vitale=Lecteur Vitale\n'), options);
    const identification = await api.readIdentification(1);
    expect(identification).toMatchObject({ ok: false, cardState: 'layout-not-public' });
    expect(identification.ok ? '' : identification.error.message).toMatch(/data layout is not public/);
    // The official profile cannot say why there is no person: the full read fails too.
    expect(await api.readFull(1)).toMatchObject({ ok: false, cardState: 'layout-not-public' });
    const extended = await ApiLec.init(await site('Ressource_Vitale=Lecteur Vitale\n'), {
      ...options,
      xmlProfile: 'extended',
    });
    const full = await extended.readFull(1);
    if (!full.ok) throw full.error;
    const carte = (parseXml(full.xml).T_AsnDonneesVitale as Record<string, Record<string, unknown>>)[
      'ov:carte'
    ];
    expect(carte?.['ov:personnesNonLues']).toMatchObject({ 'ov:motif': 'structure-non-publique' });
  });

  it('logs APDU headers and statuses at NiveauTrace=2, never card data', async () => {
    const lines: string[] = [];
    const api = await ApiLec.init(await site('NiveauTrace=2\n'), {
      provider: await provider(['Lecteur Vitale', 'vitale2-single']),
      log: (line) => lines.push(line),
    });
    const result = await api.readIdentification(1);
    expect(result.ok).toBe(true);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^openvitale: > 00 B0 82 00 \(5 bytes\) < 62 82 \(\d+ data bytes\)$/);
  });

  it('reads an api_lec.ini saved by Notepad (UTF-8 with a BOM) or as UTF-16, with CR line ends too', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'api-lec-'));
    const ini = 'Ressource_Vitale=Lecteur Vitale\rCentreCarte0000=1\r';
    const files = [
      Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), Buffer.from(ini, 'utf8')]),
      Buffer.concat([Buffer.of(0xff, 0xfe), Buffer.from(ini, 'utf16le')]),
    ];
    for (const bytes of files) {
      await writeFile(join(dir, 'api_lec.ini'), bytes);
      const api = await ApiLec.init(dir);
      expect(api.config).toMatchObject({ vitaleReader: 'Lecteur Vitale', centreCarte0000: true });
    }
    await writeFile(join(dir, 'api_lec.ini'), 'x'.repeat(2 << 20));
    await expect(ApiLec.init(dir)).rejects.toMatchObject({ code: 'FILE_TOO_LARGE' });
  });

  it('fails init on a missing or wrong api_lec.ini, naming it', async () => {
    await expect(ApiLec.init('/nonexistent/')).rejects.toMatchObject({
      message: expect.stringMatching(/api_lec.ini": cannot be read: check the path/),
      detail: 'ENOENT',
    });
    const error = await ApiLec.init(await site('Ressource_Vitale=auto\nPort=COM1\n')).catch(
      (e: unknown) => e,
    );
    expect(ConfigError.isInstance(error) && error.line).toBe(2);
  });
});
