import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { schemaPaths, unofficialElements, validateXmlFile } from '@openvitale/format/goldens';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv, DEMO, FIXTURES, hexOf, Running, run, tempDir } from './support.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const COMMANDS = ['read', 'readers', 'watch', 'trace', 'replay', 'doctor', 'migrate-galss', 'serve'];
const DEMO_READ = ['read', '--transport', 'demo'];

describe('usage, help, version', () => {
  it('prints the version', async () => {
    const r = await run(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it("replay --help gives the trace's own read as the default, not the identification", async () => {
    const r = await run(['replay', '--help']);
    expect(r.stdout).toMatch(
      /--identification, --full +the read the trace holds \(default: the one its header names\)/,
    );
    expect(r.stdout).not.toMatch(/--identification +only the persons' identification \(default/);
  });

  it('prints the help with every command and the exit codes', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const command of COMMANDS) expect(r.stdout).toContain(command);
    expect(r.stdout).toMatch(/Exit codes:[\s\S]*\b3 {2}no card/);
    // `read > /dev/full` exits 2: the table says so.
    expect(r.stdout).toMatch(/\b2 {2}bad usage: .*unwritable output\n/);
    expect(r.stdout).toMatch(/JSON when stdout is piped|JSON when piped/i);
  });

  it.each(COMMANDS)('%s --help shows its usage and examples on stdout', async (command) => {
    const r = await run([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: openvitale ${command}`);
    expect(r.stdout).toContain('Examples:');
    expect(r.stderr).toBe('');
  });

  it('help on a topic that is not a command: the main help', async () => {
    const r = await run(['help', 'toString']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: openvitale <command>');
  });

  it('without a command: the help on stderr, exit 2', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: openvitale');
  });

  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['constructor'], /unknown command "constructor"/],
    [['toString', '--help'], /unknown command "toString"/],
    [['read', '--colour'], /Unknown option '--colour'.*openvitale read --help/],
    [['read', '--transport', 'usb'], /--transport must be pcsc, galss, demo; got "usb"/],
    [['read', '--transport', 'demo', '--format', 'pdf'], /--format must be text, json, xml/],
    [['read', '--transport', 'demo', '--wait', 'soon'], /--wait takes seconds/],
    [['read', '--transport', 'demo', '--full', '--identification'], /exclude each other/],
    [
      ['read', '--transport', 'demo', '--encoding', 'utf8', '--format', 'json'],
      /--encoding applies to XML only/,
    ],
    [['read', '--demo-profile', 'demo'], /need --transport demo/],
    [['replay'], /replay needs a trace file/],
    [['read', 'extra'], /unexpected argument "extra"/],
  ])('bad usage %j: one sentence on stderr, exit 2', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^openvitale: error: /);
  });
});

describe('read --transport demo', () => {
  it('prints JSON when stdout is piped', async () => {
    const r = await run(DEMO_READ);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { listeBenef: { ident: Record<string, unknown> }[] };
    expect(doc.listeBenef).toHaveLength(1);
    expect(JSON.stringify(doc.listeBenef[0]!.ident)).toContain(DEMO.nir);
    expect(r.stderr).toBe('');
  });

  it('prints text', async () => {
    const r = await run([...DEMO_READ, '--format', 'text']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(DEMO.givenName);
    expect(r.stdout).toContain(DEMO.surname);
    expect(() => JSON.parse(r.stdout)).toThrow();
  });

  it('prints the official profile: compact, ISO-8859-1, valid against the official XSD; UTF-8 on request', async () => {
    const latin1 = await run([...DEMO_READ, '--format', 'xml']);
    expect(latin1.code).toBe(0);
    expect(latin1.stdout).toMatch(/^<\?xml version="1.0" encoding="ISO-8859-1"\?><T_AsnDonneesVitale>/);
    expect(latin1.stdout).toContain(`<nir>${DEMO.nir}</nir>`);
    expect(latin1.stdout).not.toMatch(/>\s+</);
    expect(latin1.stdout.endsWith('</T_AsnDonneesVitale>')).toBe(true);
    expect(unofficialElements(latin1.stdoutBytes)).toEqual([]);
    const file = join(tempDir(), 'carte.xml');
    writeFileSync(file, latin1.stdoutBytes);
    await validateXmlFile(file, schemaPaths.official);
    const utf8 = await run([...DEMO_READ, '--format', 'xml', '--encoding', 'utf8']);
    expect(utf8.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
  });

  it('--xml-profile extended adds our namespaced elements; --pretty indents', async () => {
    const r = await run([...DEMO_READ, '--full', '--format', 'xml', '--xml-profile', 'extended', '--pretty']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('<T_AsnDonneesVitale xmlns:ov="urn:openvitale:xml:1">\n  <listeBenef>');
    expect(r.stdout).toContain('<ov:listeFichiers>');
    const file = join(tempDir(), 'carte.xml');
    writeFileSync(file, r.stdoutBytes);
    await validateXmlFile(file, schemaPaths.extended);
    const bad = await run([...DEMO_READ, '--xml-profile', 'extended']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--xml-profile applies to XML only/);
  });

  it('--full gives the card internals; identification only by default', async () => {
    const ident = JSON.parse((await run(DEMO_READ)).stdout) as { carte: Record<string, unknown> };
    const full = JSON.parse((await run([...DEMO_READ, '--full'])).stdout) as {
      carte: Record<string, unknown>;
    };
    expect(ident.carte.listeFichiers).toBeUndefined();
    expect(full.carte.listeFichiers).toBeInstanceOf(Array);
  });

  it('--redact masks the NIR and the names', async () => {
    const r = await run([...DEMO_READ, '--redact', '--full']);
    expect(r.code).toBe(0);
    for (const value of [DEMO.nir, DEMO.surname, DEMO.givenName]) expect(r.stdout).not.toContain(value);
  });

  it('--nir-spaced and --centre-carte-0000 reach the formatter', async () => {
    const doc = JSON.parse((await run([...DEMO_READ, '--nir-spaced', '--centre-carte-0000'])).stdout) as {
      sortie: Record<string, unknown>;
    };
    expect(doc.sortie).toMatchObject({ centreCarte0000: true, formatNir: 'espace' });
  });

  it('--out writes the file, in the format its extension names', async () => {
    const dir = tempDir();
    const r = await run([...DEMO_READ, '--out', join(dir, 'carte.xml')]);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(readFileSync(join(dir, 'carte.xml'), 'latin1')).toMatch(/^<\?xml/);
    const bad = await run([...DEMO_READ, '--out', join(dir, 'missing', 'carte.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /Cannot write .*: check the --out path and its folder\nopenvitale: detail: ENOENT\n$/,
    );
  });

  it('reads the config file (api_lec.ini)', async () => {
    const dir = tempDir();
    const ini = join(dir, 'api_lec.ini');
    writeFileSync(ini, '[LECTURE]\r\nRessource_Vitale=demo\r\nCentreCarte0000=1\r\n');
    const doc = JSON.parse((await run([...DEMO_READ, '--config', ini])).stdout) as {
      sortie: Record<string, unknown>;
    };
    expect(doc.sortie.centreCarte0000).toBe(true);
    writeFileSync(ini, 'Ressource_Vitale=auto\nCouleur=bleu\n');
    const bad = await run([...DEMO_READ, '--config', ini]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/api_lec.ini:2: unknown key "Couleur"/);
  });
});

describe('exit codes', () => {
  it('3: no card before the deadline', async () => {
    const r = await run([...DEMO_READ, '--demo-profile', 'none', '--wait', '0.3']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /No Vitale card within 0 s: "OpenVitale demo reader" is empty: insert the carte Vitale/,
    );
    // A wait of 0 (the deadline is over before the watch starts) is the same answer, not a crash.
    expect((await run([...DEMO_READ, '--demo-profile', 'none', '--wait', '0'])).code).toBe(3);
  });

  it('4: not a Vitale card', async () => {
    // `auto` passes over a CPS (it waits for a Vitale card); naming the reader reads it.
    const cps = ['--demo-profile', join(FIXTURES, 'cps.json'), '--wait', '0.3'];
    expect((await run([...DEMO_READ, ...cps])).code).toBe(3);
    const r = await run([...DEMO_READ, ...cps, '--reader', 'demo']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/health-professional card/);
  });

  it('5: card removed during the read', async () => {
    const r = await run([...DEMO_READ, '--demo-fault', 'remove-after:2']);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/removed/);
  });

  it('6: reader service or transport missing', async () => {
    for (const transport of ['pcsc', 'galss']) {
      const r = await run(['read', '--transport', transport, '--wait', '0.2'], {
        env: cleanEnv({ PCSCLITE_CSOCK_NAME: '/nonexistent/pcscd.comm' }),
      });
      expect(r.code, r.stderr).toBe(6);
      expect(r.stderr.split('\n')[0]).toMatch(/^openvitale: error: /);
    }
  });

  it('9: a Vitale 1, whose persons cannot be decoded; its full read is a raw dump saying why', async () => {
    const vitale1 = ['read', '--transport', 'demo', '--demo-profile', join(FIXTURES, 'vitale1-scot.json')];
    const identification = await run(vitale1);
    expect(identification).toMatchObject({ code: 9, stdout: '' });
    expect(identification.stderr).toMatch(
      /^openvitale: error: .*data layout is not public, so an open reader cannot decode it/,
    );
    const full = await run([...vitale1, '--full']);
    expect(full.code).toBe(0);
    const doc = JSON.parse(full.stdout) as { listeBenef: unknown[]; carte: Record<string, unknown> };
    expect(doc.listeBenef).toEqual([]);
    expect(doc.carte.personnesNonLues).toMatchObject({ motif: 'structure-non-publique' });
    const official = await run([...vitale1, '--full', '--format', 'xml']);
    expect(official).toMatchObject({ code: 9, stdout: '' });
    expect(official.stderr).toMatch(/--xml-profile extended/);
    const extended = await run([...vitale1, '--full', '--format', 'xml', '--xml-profile', 'extended']);
    expect(extended.code).toBe(0);
    expect(extended.stdout).toContain('<ov:personnesNonLues>');
  });

  it('7: another read failure (a mute card)', async () => {
    const r = await run([...DEMO_READ, '--demo-fault', 'mute:2']);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/did not answer/);
  });

  it('130: interrupted while waiting', async () => {
    const waiting = new Running([...DEMO_READ, '--demo-profile', 'none', '--wait', '30']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    waiting.child.kill('SIGINT');
    expect((await waiting.exited).code).toBe(130);
  });
});

describe('colours', () => {
  it('none when stderr is not a terminal, or with NO_COLOR; FORCE_COLOR forces them', async () => {
    expect((await run(['read', '--bad'])).stderr).not.toContain('\u001b[');
    expect((await run(['read', '--bad'], { env: cleanEnv({ FORCE_COLOR: '1' }) })).stderr).toContain(
      '\u001b[31m',
    );
    const both = await run(['read', '--bad'], { env: cleanEnv({ FORCE_COLOR: '1', NO_COLOR: '1' }) });
    expect(both.stderr).not.toContain('\u001b[');
  });
});

describe('readers', () => {
  it('lists the demo reader and its card as JSON when piped', async () => {
    const r = await run(['readers', '--transport', 'demo']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        transport: 'demo',
        reader: 'OpenVitale demo reader',
        state: 'card',
        card: { kind: 'vitale-2', description: 'a Vitale 2 card', atr: expect.any(String) },
      },
    ]);
  });

  it('as text', async () => {
    const r = await run(['readers', '--transport', 'demo', '--format', 'text']);
    expect(r.stdout).toBe('OpenVitale demo reader [demo]: a Vitale 2 card\n');
  });
});

describe('watch', () => {
  it('prints NDJSON events: reader, card, read result; SIGTERM ends it with 0', async () => {
    const watching = new Running(['watch', '--transport', 'demo']);
    const [result] = await watching.waitFor((e) => e.event === 'read-result', 'a read result');
    expect(watching.events.map((e) => e.event)).toEqual(['reader-added', 'card-inserted', 'read-result']);
    expect(watching.events[1]).toMatchObject({ reader: 'OpenVitale demo reader', card: 'vitale-2' });
    expect(JSON.stringify(result)).toContain(DEMO.nir);
    for (const event of watching.events) expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    watching.child.kill('SIGTERM');
    expect(await watching.exited).toEqual({ code: 0, signal: null });
  });

  it('reports a failed read as an event with its code, and keeps running', async () => {
    const watching = new Running([
      'watch',
      '--transport',
      'demo',
      '--demo-fault',
      'remove-after:2',
      '--redact',
    ]);
    const [error] = await watching.waitFor((e) => e.event === 'read-error', 'a read error');
    expect(error).toMatchObject({ code: 'CARD_REMOVED', exitCode: 5 });
    await watching.waitFor((e) => e.event === 'card-removed', 'the removal');
    expect(watching.child.exitCode).toBeNull();
    watching.child.kill('SIGTERM');
    expect((await watching.exited).code).toBe(0);
  });
});

describe('trace and replay', () => {
  const personal = [DEMO.surname, DEMO.givenName, DEMO.birthDate, DEMO.nir];

  it.each([['identification'], ['full']])(
    'an anonymised %s trace replays to the same output shape, with no personal value left',
    async (scope) => {
      const dir = tempDir();
      const file = join(dir, 'demo.trace');
      const traced = await run(['trace', '--transport', 'demo', `--${scope}`, '--out', file]);
      expect(traced.code, traced.stderr).toBe(0);
      const text = readFileSync(file, 'latin1');
      expect(text).toMatch(/^# openvitale-trace 1\n# ANONYMISED/);
      for (const value of personal) {
        expect(text).not.toContain(value);
        expect(text).not.toContain(hexOf(value));
      }
      const replayed = await run(['replay', file, '--format', 'json']);
      expect(replayed.code, replayed.stderr).toBe(0);
      const original = await run([...DEMO_READ, `--${scope}`, '--format', 'json']);
      for (const value of personal) expect(replayed.stdout).not.toContain(value);
      // Same structure and lengths; only the identifying values differ.
      const masked = (s: string) =>
        s.replace(/"[^"]*"/g, (m) => `"${'x'.repeat(m.length)}"`).replace(/\d+/g, 'N');
      expect(masked(replayed.stdout)).toBe(masked(original.stdout));
      const doc = JSON.parse(replayed.stdout) as Doc;
      expect(doc.listeBenef[0]!.ident.nir).toMatch(/^\d{15}$/);
      expect(doc.listeBenef[0]!.ident.nirOuvrantDroit.cleValide).toBe(true);
    },
  );

  it('--raw keeps the real values, with a loud warning; replay gives the same output as read', async () => {
    const dir = tempDir();
    const file = join(dir, 'raw.trace');
    const traced = await run(['trace', '--transport', 'demo', '--raw', '--out', file]);
    expect(traced.code).toBe(0);
    expect(traced.stderr).toMatch(/warning: RAW TRACE/);
    const text = readFileSync(file, 'latin1');
    expect(text).toContain('# RAW TRACE');
    expect(text).toContain(hexOf(DEMO.nir));
    for (const format of ['json', 'text', 'xml']) {
      const replayed = await run(['replay', file, '--format', format]);
      const read = await run([...DEMO_READ, '--format', format]);
      expect(replayed.stdoutBytes.equals(read.stdoutBytes), format).toBe(true);
    }
  });

  it('a family card: the shared NIR stays shared, each person keeps a distinct fake', async () => {
    const dir = tempDir();
    const file = join(dir, 'family.trace');
    const profile = join(FIXTURES, 'vitale2-family.json');
    const traced = await run(['trace', '--transport', 'demo', '--demo-profile', profile, '--out', file]);
    expect(traced.code, traced.stderr).toBe(0);
    const real = JSON.parse((await run([...DEMO_READ, '--demo-profile', profile])).stdout) as Doc;
    const fake = JSON.parse((await run(['replay', file])).stdout) as Doc;
    const nirs = (d: Doc) => d.listeBenef.map((b) => b.ident.nir);
    const sameAs = (list: string[]) => list.map((v) => list.indexOf(v));
    expect(sameAs(nirs(fake))).toEqual(sameAs(nirs(real)));
    for (const [i, person] of real.listeBenef.entries()) {
      const [faked, ident] = [fake.listeBenef[i]!.ident, person.ident];
      expect(faked.nir).not.toBe(ident.nir);
      expect(faked.nir).toHaveLength(ident.nir.length);
      expect(faked.nirOuvrantDroit.cleValide).toBe(ident.nirOuvrantDroit.cleValide);
      expect(faked.inferences.nirPropre.valeur).toBe(ident.inferences.nirPropre.valeur);
    }
    const text = readFileSync(file, 'latin1');
    for (const nir of nirs(real)) expect(text).not.toContain(hexOf(nir));
  });

  it('a Vitale 1 trace is not anonymised: exit 2 with what to do', async () => {
    const profile = join(FIXTURES, 'vitale1-scot.json');
    const r = await run([
      'trace',
      '--transport',
      'demo',
      '--demo-profile',
      profile,
      '--full',
      '--out',
      join(tempDir(), 't'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Vitale 1 trace cannot be anonymised.*--raw/);
  });

  it('a malformed trace file is bad usage; so is a trace of another read, saying which read it holds', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.trace'), 'hello\n');
    const bad = await run(['replay', join(dir, 'bad.trace')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Trace line 1: missing header/);
    const file = join(dir, 'ident.trace');
    await run(['trace', '--transport', 'demo', '--out', file]);
    const other = await run(['replay', file, '--full']);
    expect(other.code).toBe(2);
    expect(other.stderr).toBe(
      'openvitale: error: This trace holds an identification read, not a full read: replay it without --full (or with --identification)\n',
    );
    // Without its header line, the trace cannot say: the mismatch is a read failure that names the other read.
    const headless = join(dir, 'headless.trace');
    writeFileSync(headless, readFileSync(file, 'utf8').replace(/^# read: .*\n/m, ''));
    const unknown = await run(['replay', headless, '--full']);
    expect(unknown.code).toBe(7);
    expect(unknown.stderr).toMatch(
      /does not match a full read .*: if it holds an identification read, replay it with --identification\n$/,
    );
  });
});

describe('doctor and migrate-galss', () => {
  it('doctor prints one OK/WARN/FAIL line per check', async () => {
    const r = await run(['doctor']);
    expect([0, 8]).toContain(r.code);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const line of lines) expect(line).toMatch(/^(OK |WARN|FAIL) [^:]+: .+/);
    expect(r.stdout).toMatch(/PC\/SC service: /);
    expect(r.stdout).toMatch(/GALSS library: /);
    expect(r.stdout).toMatch(/config file: none given/);
  });

  it('without the PC/SC library, doctor fails naming the package to install, and read exits 6 saying so', async () => {
    const env = cleanEnv({ OPENVITALE_PCSC_LIBRARY: '/nonexistent/libpcsclite.so.1' });
    const doctor = await run(['doctor'], { env });
    expect(doctor.code).toBe(8);
    expect(doctor.stdout).toMatch(
      /FAIL PC\/SC library: The PC\/SC library could not be loaded; looked for: \/nonexistent\/libpcsclite.so.1 .*: sudo apt install libpcsclite1\n/,
    );
    const read = await run(['read', '--transport', 'pcsc'], { env });
    expect(read.code).toBe(6);
    expect(read.stderr).toMatch(/libpcsclite1/);
  });

  it('serve starts the local agent, doctor sees it running, SIGTERM stops it', async () => {
    const tokens = join(tempDir(), 'tokens.json');
    const agent = new Running(['serve', '--port', '0', '--tokens-file', tokens]);
    let url = '';
    for (let i = 0; i < 100 && !url; i++) {
      url = /OpenVitale agent on (http:\/\/127\.0\.0\.1:\d+)/.exec(agent.lines.join('\n'))?.[1] ?? '';
      if (!url) await new Promise((r) => setTimeout(r, 50));
    }
    expect(url).not.toBe('');
    const doctor = await run(['doctor', '--agent-port', new URL(url).port]);
    expect(doctor.stdout).toMatch(/OK {3}local agent: running on http:\/\/127\.0\.0\.1:\d+ \(version /);
    agent.child.kill('SIGTERM');
    expect((await agent.exited).code).toBe(0);
  });

  it('serve --help says what --host localhost means (both loopback addresses, as the default)', async () => {
    const r = await run(['serve', '--help']);
    expect(r.stdout).toMatch(/--host <addr> +default \(or localhost\): both 127\.0\.0\.1 and ::1/);
  });

  it('serve refuses a non-loopback address (exit 2); doctor warns when no agent runs', async () => {
    const r = await run(['serve', '--host', '0.0.0.0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('loopback only');
    const doctor = await run(['doctor', '--agent-port', '9']);
    expect(doctor.stdout).toMatch(/WARN local agent: not running/);
  });

  it('serve on a port another program holds: exit 6, the address, what to do', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as AddressInfo;
    try {
      const r = await run(['serve', '--port', String(port)], { timeoutMs: 10_000 });
      expect(r.code, r.stderr).toBe(6);
      expect(r.stderr).toBe(
        `openvitale: error: Port ${port} on 127.0.0.1 is in use: another agent, or another program (even another user's), holds it: choose another with --port (openvitale doctor tells whether an agent runs there)\n`,
      );
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('doctor fails (exit 8) on a bad config file, naming the line', async () => {
    const ini = join(tempDir(), 'api_lec.ini');
    writeFileSync(ini, 'Mode=USB\n');
    const r = await run(['doctor', '--config', ini]);
    expect(r.code).toBe(8);
    expect(r.stdout).toMatch(/FAIL config file: .*api_lec.ini:1: Mode must be PCSC or GALSS/);
  });

  it('migrate-galss: where each resource sits, and the api_lec.ini that replaces GALSS', async () => {
    const ini = join(tempDir(), 'galss.ini');
    const lines = [
      '[CONFIG]',
      'NbCanaux=1',
      '[CANAL1]',
      'TCanal=3',
      'Index=1',
      'TConnexion=1',
      'Protocole=1',
    ];
    lines.push('Caracteristiques=Gemalto USB SmartCard Reader 00 00', 'NbPAD=1', '[CANAL1.PAD1]', 'PAD=0');
    lines.push('NbLAD=1', '[CANAL1.PAD1.LAD1]', 'LAD=2', 'NomLAD=Vitale', 'NbAlias=1', 'NomAlias1=TRANSPA2');
    writeFileSync(ini, `${lines.join('\r\n')}\r\n`);
    const r = await run(['migrate-galss', ini]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      '; Vitale / TRANSPA2 (vitale): PC/SC reader "Gemalto USB SmartCard Reader 00 00"',
    );
    expect(r.stdout).toContain('Ressource_Vitale=Gemalto USB SmartCard Reader 00 00');
    expect(r.stdout.replaceAll('\r\n', ''), 'CRLF on every line').not.toContain('\n');
    const bad = await run(['migrate-galss', '/dev/null']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no \[CONFIG\] section/);
  });

  it('migrate-galss: a missing file is bad usage', async () => {
    const r = await run(['migrate-galss', join(tempDir(), 'galss.ini')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Cannot read .*galss.ini.*\nopenvitale: detail: ENOENT/);
  });
});

interface Doc {
  listeBenef: {
    ident: {
      nir: string;
      nirOuvrantDroit: { cleValide: boolean };
      inferences: { nirPropre: { valeur: boolean } };
    };
  }[];
}

/** A failure the way the exit-code table promises it: the code, one line on stderr, no stack trace. */
function expectOneLineError(r: { code: number | null; stderr: string }, code: number, message: RegExp) {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toMatch(/^openvitale: error: /);
  // One line, and the native detail, when there is one, on its own.
  const [, ...rest] = r.stderr.trim().split('\n');
  expect(rest.length <= 1 && rest.every((line) => line.startsWith('openvitale: detail: ')), r.stderr).toBe(
    true,
  );
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at |Internal error/);
}

const GALSS_FIXTURES = join(FIXTURES, '..', 'galss');

describe('files a user names: size cap, encodings, line ends', () => {
  it('stops reading a file without end at the size cap (migrate-galss /dev/zero)', async () => {
    if (process.platform !== 'linux') return;
    const r = await run(['migrate-galss', '/dev/zero'], { timeoutMs: 10_000 });
    expectOneLineError(r, 2, /the GALSS configuration "\/dev\/zero" is larger than 1048576 bytes/);
  });

  it('a trace or a demo profile too large is bad usage, not memory filled', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'huge.trace'), Buffer.alloc(33 << 20, 0x41));
    expectOneLineError(await run(['replay', join(dir, 'huge.trace')]), 2, /is larger than \d+ bytes/);
    writeFileSync(join(dir, 'huge.json'), Buffer.alloc(5 << 20, 0x20));
    expectOneLineError(
      await run([...DEMO_READ, '--demo-profile', join(dir, 'huge.json')]),
      2,
      /the demo profile .* is larger than \d+ bytes/,
    );
  });

  it.each([
    [
      'UTF-8 with a BOM (Notepad)',
      (t: string) => Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), Buffer.from(t)]),
    ],
    [
      'UTF-16 LE with a BOM',
      (t: string) => Buffer.concat([Buffer.of(0xff, 0xfe), Buffer.from(t, 'utf16le')]),
    ],
    ['Latin-1 with CR line ends', (t: string) => Buffer.from(t.replace(/\r\n/g, '\r'), 'latin1')],
  ])('reads an api_lec.ini saved as %s', async (_what, encode) => {
    const ini = join(tempDir(), 'api_lec.ini');
    writeFileSync(ini, encode('Mode=PCSC\r\nRessource_Vitale=demo\r\nCentreCarte0000=1\r\n'));
    const r = await run([...DEMO_READ, '--config', ini]);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { sortie: Record<string, unknown> }).sortie.centreCarte0000).toBe(true);
  });

  it('refuses a UTF-16 file without a BOM, saying how to save it', async () => {
    const ini = join(tempDir(), 'api_lec.ini');
    writeFileSync(ini, Buffer.from('Mode=PCSC\r\n', 'utf16le'));
    expectOneLineError(await run([...DEMO_READ, '--config', ini]), 2, /NUL bytes.*save it as UTF-8/);
  });

  it.each(['serial-terminal.ini', 'pcsc-two-readers.ini', 'mixed-aliases.ini'])(
    'migrate-galss %s > api_lec.ini writes a config read --config accepts',
    async (name) => {
      const migrated = await run(['migrate-galss', join(GALSS_FIXTURES, name)]);
      expect(migrated.code, migrated.stderr).toBe(0);
      expect(migrated.stdout.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
      const ini = join(tempDir(), 'api_lec.ini');
      writeFileSync(ini, migrated.stdoutBytes);
      const doctor = await run(['doctor', '--config', ini, '--agent-port', '9']);
      expect(doctor.stdout).toMatch(/OK {3}config file: .* is valid: reader /);
      if (name === 'serial-terminal.ini') {
        const read = await run([...DEMO_READ, '--config', ini]);
        expect(read.code, read.stderr).toBe(0);
      }
    },
  );
});

describe('every error path on its documented exit code, never a stack trace', () => {
  it('2: standard output cannot be written (read > /dev/full)', async () => {
    if (!existsSync('/dev/full')) return;
    const full = openSync('/dev/full', 'w');
    const child = spawn(process.execPath, [BIN, ...DEMO_READ], {
      env: cleanEnv(),
      stdio: ['ignore', full, 'pipe'],
    });
    closeSync(full);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expectOneLineError({ code, stderr }, 2, /Cannot write to standard output \(ENOSPC\)/);
  });

  it.each([
    [['--demo-fault', 'remove-after:0'], /--demo-fault .*from 1/],
    [['--demo-fault', 'mute:99999999999999999999'], /--demo-fault/],
    [['--wait', '-1'], /--wait takes seconds, 0 to 2678400; got "-1"/],
    [['--wait', '--format'], /--wait needs a value: write it as --wait=VALUE/],
    [['--reader', ''], /--reader needs a reader name, a part of one, or auto/],
  ])('2: bad usage %j', async (args, message) => {
    expectOneLineError(await run([...DEMO_READ, ...args]), 2, message);
  });

  it.each([
    [['--version', 'extra'], /unexpected argument "extra"/],
    [['doctor', '--agent-port', 'abc'], /--agent-port takes a port number, 1 to 65535; got "abc"/],
    [['doctor', '--agent-port', '70000'], /--agent-port takes a port number/],
  ])('2: bad usage %j', async (args, message) => {
    expectOneLineError(await run(args), 2, message);
  });

  it('2: serve with a tokens file that is not one (before anything listens)', async () => {
    const tokens = join(tempDir(), 'tokens.json');
    writeFileSync(tokens, 'this is not JSON');
    const r = await run(['serve', '--port', '0', '--tokens-file', tokens], { timeoutMs: 10_000 });
    expectOneLineError(r, 2, /tokens file .*tokens.json.* is damaged/);
  });

  it.each(['*', 'null', 'not a url', 'https://x/path'])(
    '2: serve --allow-origin %j exits at once, nothing left listening',
    async (origin) => {
      const r = await run(['serve', '--port', '0', '--allow-origin', origin], { timeoutMs: 10_000 });
      expect(r.signal).toBeNull();
      expectOneLineError(r, 2, /origin/);
    },
  );

  it('3, not 7: no card within a wait of 0 s', async () => {
    const r = await run([...DEMO_READ, '--demo-profile', 'none', '--wait', '0']);
    expectOneLineError(r, 3, /No Vitale card within 0 s/);
  });

  it('6: BibliothequeGALSS= names a library that is not GALSS (readers and read)', async () => {
    const libc = [
      '/lib/x86_64-linux-gnu/libc.so.6',
      '/lib/aarch64-linux-gnu/libc.so.6',
      '/lib64/libc.so.6',
    ].find(existsSync);
    if (libc === undefined) return;
    const ini = join(tempDir(), 'api_lec.ini');
    writeFileSync(ini, `Mode=GALSS\r\nBibliothequeGALSS=${libc}\r\n`);
    const message = /is not a GALSS client library: it has no OuvrirSession function/;
    expectOneLineError(await run(['readers', '--transport', 'galss', '--config', ini]), 6, message);
    expectOneLineError(await run(['read', '--config', ini, '--wait', '0.2']), 6, message);
  });

  it('7: a trace whose identity is corrupt is not a clean read', async () => {
    const dir = tempDir();
    const file = join(dir, 'raw.trace');
    expect((await run(['trace', '--transport', 'demo', '--raw', '--out', file])).code).toBe(0);
    const trace = readFileSync(file, 'latin1');
    expect(trace).toContain('< 65 1D 80 04');
    writeFileSync(file, trace.replace('< 65 1D 80 04', '< 65 7F 80 04'), 'latin1');
    const r = await run(['replay', file]);
    expectOneLineError(r, 7, /identity data are incomplete: person 1 has no name and no birth date/);
    // Advice a user of the command can follow: it has no non-strict read to offer.
    expect(r.stderr).toMatch(
      /record a trace of the read \(openvitale trace --out bug\.trace\) and report it\n/,
    );
    expect(r.stderr).not.toMatch(/strict/);
    expect(r.stdout).toBe('');
  });
});

describe('echoes of what a user or a device gave', () => {
  it('cuts a 100 KB reader name and escapes its newline', async () => {
    const name = `evil\nopenvitale: error: forged${'x'.repeat(100_000)}`;
    const r = await run([...DEMO_READ, '--reader', name, '--wait', '0.2']);
    expect(r.stderr.length).toBeLessThan(1000);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('"evil\\nopenvitale: error: forged');
    expect(r.stderr).toMatch(/more characters/);
  });

  it('escapes control characters in an echoed option value', async () => {
    const r = await run(['read', '--transport', '\u001b[2Jdemo']);
    expectOneLineError(r, 2, /--transport must be pcsc, galss, demo; got "\\x1b\[2Jdemo"/);
    expect(r.stderr).not.toContain('\u001b[2J');
  });
});

describe('watch --reader', () => {
  it.each([
    [['--reader', 'Gemalto'], 6, /No reader matches "Gemalto"; readers present: "OpenVitale demo reader"/],
    [['--reader', ''], 2, /--reader needs a reader name/],
  ])('%j fails at once instead of watching for ever, silent', async (args, code, message) => {
    const r = await run(['watch', '--transport', 'demo', ...args], { timeoutMs: 10_000 });
    expect(r.signal).toBeNull();
    expectOneLineError(r, code, message);
    expect(r.stdout).toBe('');
  });
});
