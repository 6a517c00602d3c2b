import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CARD,
  CLI,
  cliRead,
  DEMO_READER,
  demoEngine,
  E,
  FIXTURES,
  iniFolder,
  MODE,
  probe,
  tempFolder,
} from './support.js';

// The library on Linux, loaded with dlopen by test/probe.c, reading the CLI's demo card.
describe('the Linux library with the demo card', () => {
  it('gives the bytes openvitale read --format xml prints, and Hn_Finir ends it', async () => {
    const dir = iniFolder(demoEngine());
    const out = join(tempFolder(), 'read.xml');
    const run = await probe([`init:${dir}`, `read:30:65536:${out}`, 'finir']);
    expect(run.steps, run.stderr).toEqual([
      { step: 'init', ret: E.OK, err: E.OK, mode: MODE.DEMO },
      { step: 'read', ret: E.OK, err: E.OK, state: CARD.READ, length: expect.any(Number) },
      { step: 'finir', ret: E.OK, err: E.OK },
    ]);
    const cli = await cliRead(dir, ['--transport', 'demo']);
    expect(cli.code, cli.stderr).toBe(0);
    const xml = readFileSync(out);
    expect(xml.equals(cli.stdout)).toBe(true);
    expect(run.steps[1]!.length).toBe(cli.stdout.length);
    expect(xml.toString('latin1')).toMatch(/^<\?xml version="1.0" encoding="ISO-8859-1"\?>/);
  });

  it('keeps accents in ISO-8859-1, as the CLI prints them', async () => {
    const profile = `${FIXTURES}vitale2-accents-long-names.json`;
    const dir = iniFolder(demoEngine(`OpenVitaleProfilDemo=${profile}`));
    const out = join(tempFolder(), 'read.xml');
    const run = await probe([`init:${dir}`, `read:30:65536:${out}`, 'finir']);
    expect(run.steps[1], run.stderr).toMatchObject({ ret: E.OK, state: CARD.READ });
    const cli = await cliRead(dir, ['--transport', 'demo', '--demo-profile', profile]);
    expect(readFileSync(out).equals(cli.stdout)).toBe(true);
    expect(cli.stdout.includes(Buffer.from('É', 'latin1'))).toBe(true); // one byte, 0xC9: not UTF-8
  });

  it.each([
    ['UTF-8 with a byte-order mark (Notepad)', (text: string) => Buffer.from(`\uFEFF${text}`, 'utf8')],
    ['UTF-16 with a byte-order mark', (text: string) => Buffer.from(`\uFEFF${text}`, 'utf16le')],
    ['Latin-1 with CR line ends', (text: string) => Buffer.from(text.replaceAll('\r\n', '\r'), 'latin1')],
  ])('reads api_lec.ini written in %s, as the CLI does', async (_what, encode) => {
    // A profile whose path has an accent: the library and the CLI must decode the file alike to find it.
    const folder = join(tempFolder(), 'carte é');
    mkdirSync(folder);
    const profile = join(folder, 'profil.json');
    writeFileSync(profile, readFileSync(`${FIXTURES}vitale2-single.json`));
    const dir = tempFolder();
    const lines = [...demoEngine(`OpenVitaleProfilDemo=${profile}`), 'CentreCarte0000=1'];
    writeFileSync(join(dir, 'api_lec.ini'), encode(`${lines.join('\r\n')}\r\n`));
    const out = join(tempFolder(), 'read.xml');
    const run = await probe([`init:${dir}/`, `read:30:65536:${out}`, 'finir']);
    expect(
      run.steps.map((s) => s.ret),
      run.stderr,
    ).toEqual([E.OK, E.OK, E.OK]);
    const cli = await cliRead(`${dir}/`, ['--transport', 'demo', '--demo-profile', profile]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(readFileSync(out).equals(cli.stdout)).toBe(true);
  });

  it('finds openvitale in PATH when api_lec.ini names no command', async () => {
    const bin = tempFolder();
    // What a package manager installs: an executable openvitale that runs the CLI with node.
    writeFileSync(join(bin, 'openvitale'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(join(bin, 'openvitale'), 0o755);
    const dir = iniFolder(['OpenVitaleTransport=demo']);
    const run = await probe([`init:${dir}`, 'read:30:65536', 'finir'], {
      env: { ...process.env, PATH: `/nonexistent:relative/dir:${bin}:/usr/bin:/bin` },
    });
    expect(run.steps.map((s) => [s.step, s.ret, s.state])).toEqual([
      ['init', E.OK, undefined],
      ['read', E.OK, CARD.READ],
      ['finir', E.OK, undefined],
    ]);
  });

  it('takes a folder relative to the current one, even one whose name starts with a dash', async () => {
    const parent = tempFolder();
    mkdirSync(join(parent, '-site'));
    writeFileSync(join(parent, '-site', 'api_lec.ini'), demoEngine().join('\r\n'));
    const run = await probe(['init:-site', 'read:30:65536', 'finir'], { cwd: parent });
    expect(
      run.steps.map((s) => s.ret),
      run.stderr,
    ).toEqual([E.OK, E.OK, E.OK]);
  });

  it('says when the buffer is too small and how long the XML is, then reads into one that fits', async () => {
    const dir = iniFolder(demoEngine());
    const first = await probe([`init:${dir}`, 'read:30:100', 'finir']);
    expect(first.steps[1]).toMatchObject({
      ret: E.BUFFER_TOO_SMALL,
      err: E.BUFFER_TOO_SMALL,
      state: CARD.READ,
    });
    const needed = first.steps[1]!.length!;
    expect(needed).toBeGreaterThan(100);
    const out = join(tempFolder(), 'read.xml');
    const exact = await probe([`init:${dir}`, `read:30:${needed}:${out}`, `read:30:${needed - 1}`, 'finir']);
    expect(exact.steps[1]).toMatchObject({ ret: E.OK, length: needed });
    expect(exact.steps[2]).toMatchObject({ ret: E.BUFFER_TOO_SMALL, length: needed });
    expect(readFileSync(out).length).toBe(needed);
  });

  it.each([
    ['an empty reader', ['OpenVitaleProfilDemo=none'], 1, E.NO_CARD, CARD.ABSENT],
    [
      'a CPS in the named reader',
      [`OpenVitaleProfilDemo=${FIXTURES}cps.json`, `Ressource_Vitale=${DEMO_READER}`],
      5,
      E.NOT_VITALE,
      CARD.NOT_VITALE,
    ],
    [
      'an unknown card in the named reader',
      [`OpenVitaleProfilDemo=${FIXTURES}unknown-bull-scot5.json`, `Ressource_Vitale=${DEMO_READER}`],
      5,
      E.NOT_VITALE,
      CARD.NOT_VITALE,
    ],
    [
      'a card pulled out during the read',
      ['OpenVitaleIncidentDemo=remove-after:3'],
      5,
      E.CARD_REMOVED,
      CARD.REMOVED,
    ],
    ['a Vitale 1 card', [`OpenVitaleProfilDemo=${FIXTURES}vitale1-scot.json`], 5, E.VITALE_1, CARD.VITALE_1],
    ['a mute card', ['OpenVitaleIncidentDemo=mute:1', 'DelaiLectureMs=1000'], 5, E.READ_FAILED, CARD.ERROR],
  ] as const)('reports %s with its code and card state', async (_what, lines, wait, code, card) => {
    const dir = iniFolder(demoEngine(...lines));
    const run = await probe([`init:${dir}`, `read:${wait}:65536`, 'finir']);
    expect(run.steps[1], run.stderr).toEqual({ step: 'read', ret: code, err: code, state: card, length: 0 });
    expect(run.steps[2]).toMatchObject({ ret: E.OK });
  });

  it('reports a missing reader library as the reader being unavailable', async () => {
    const dir = iniFolder([
      `OpenVitaleCommande=${process.execPath}`,
      `OpenVitaleScript=${CLI}`,
      'Mode=GALSS',
      'BibliothequeGALSS=/nonexistent/libgalcllux.so',
    ]);
    const run = await probe([`init:${dir}`, 'read:1:65536', 'finir']);
    expect(run.steps[0]).toMatchObject({ ret: E.OK, mode: MODE.GALSS });
    expect(run.steps[1]).toMatchObject({ ret: E.READER_UNAVAILABLE, state: CARD.UNKNOWN });
  });

  it('reports a key of api_lec.ini the engine refuses as an invalid ini, at the read', async () => {
    const dir = iniFolder(demoEngine('CentreCarte0000=yes'));
    const run = await probe([`init:${dir}`, 'read:1:65536', 'finir']);
    expect(run.steps.map((s) => s.ret)).toEqual([E.OK, E.INI_INVALID, E.OK]);
  });
});
