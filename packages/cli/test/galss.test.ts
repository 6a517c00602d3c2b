import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProfile } from '@openvitale/virtual-card';
import { insertIntoVpcd, type VpcdCard } from '@openvitale/virtual-card/vpcd';
import {
  exchangesOutsideExclusivity,
  type GalssMock,
  MOCK_CLIENT_LIBRARY,
  mockSocketPath,
  RENAMED_SITE_INI,
  SITE_INI,
  sessionsOf,
  startGalssMock,
} from '@openvitale-tools/galss-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanEnv, FIXTURES, Running, run, tempDir } from './support.js';

const vitale = await loadProfile(join(FIXTURES, 'vitale2-single.json'));

let mock: GalssMock | undefined;
let card: VpcdCard | undefined;
let release: (() => void) | undefined;

/** A GALSS site (the C stand-in) with the Vitale card in its slot unless `empty`. */
async function site(options: { ini?: string; empty?: boolean } = {}): Promise<GalssMock> {
  mock = await startGalssMock({
    ini: options.ini ?? SITE_INI,
    socketPath: mockSocketPath(),
    recordCalls: true,
  });
  if (!options.empty) {
    const slot = mock.resources.find((r) => r.lad === 2)!.name;
    card = await insertIntoVpcd(vitale, { port: mock.cardPort(slot), quickAck: false });
    await new Promise((r) => setTimeout(r, 30));
  }
  return mock;
}

/** `openvitale` pointed at the stand-in's client library and server. */
function galssEnv(server: GalssMock, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return cleanEnv({
    OPENVITALE_GALSS_LIBRARY: MOCK_CLIENT_LIBRARY,
    GALSS_MOCK_SOCKET: server.socketPath,
    ...extra,
  });
}

async function timed(args: readonly string[], env: NodeJS.ProcessEnv) {
  const started = performance.now();
  const result = await run(args, { env });
  return { ...result, ms: performance.now() - started, ended: performance.now() };
}

const persons = (stdout: string) => (JSON.parse(stdout) as { listeBenef: unknown[] }).listeBenef.length;

afterEach(async () => {
  release?.();
  release = undefined;
  await card?.close();
  card = undefined;
  if (mock) {
    expect(mock.overlaps).toEqual([]);
    expect(exchangesOutsideExclusivity(mock.calls)).toEqual([]);
    await mock.close();
  }
  mock = undefined;
});

describe('openvitale over GALSS (the C stand-in)', () => {
  it('read: a LAD reached by its alias; its session takes the exclusivity before the first 16/14', async () => {
    const server = await site({ ini: RENAMED_SITE_INI });
    const r = await run(['read', '--transport', 'galss', '--reader', 'TRANSPA2', '--format', 'json'], {
      env: galssEnv(server),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(persons(r.stdout)).toBe(1);
    const read = [...sessionsOf(server.calls).values()].find((lines) => lines.includes('Echange 01'));
    const first = read?.findIndex((line) => line === 'Echange 16' || line === 'Echange 14') ?? -1;
    expect(read?.indexOf('DebutExclusivite 0')).toBeGreaterThan(-1);
    expect(read?.indexOf('DebutExclusivite 0')).toBeLessThan(first);
    expect(read?.slice(-3)).toEqual(['Echange 15', 'FinExclusivite 0', 'FermerSession 0']);
  });

  it('read: a terminal held 2 s, then released, is read once released', async () => {
    const server = await site();
    release = server.hold('Vitale', 'AUTRE_APPLI');
    const free = release;
    setTimeout(free, 2000);
    const r = await timed(
      ['read', '--transport', 'galss', '--wait', '10', '--format', 'json'],
      galssEnv(server),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(persons(r.stdout)).toBe(1);
    expect(r.ms).toBeGreaterThan(2000);
    expect(r.ms).toBeLessThan(5000);
  });

  it('read: a terminal held for ever ends within the wait, exit 7 naming the holder', async () => {
    const server = await site();
    release = server.hold('Vitale', 'AUTRE_APPLI');
    const r = await timed(
      ['read', '--transport', 'galss', '--reader', 'Vitale', '--wait', '2'],
      galssEnv(server),
    );
    expect(r.code, r.stderr).toBe(7);
    expect(r.stderr).toMatch(/"Vitale" held by "AUTRE_APPLI"/);
    expect(r.ms).toBeGreaterThan(2000);
    expect(r.ms).toBeLessThan(4500);
    expect(card?.runner.apduCount).toBe(0);
  });

  it('readers: a held terminal is shown held by its holder, not empty', async () => {
    const server = await site();
    release = server.hold('Vitale', 'AUTRE_APPLI');
    const json = await run(['readers', '--transport', 'galss', '--format', 'json'], {
      env: galssEnv(server),
    });
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      { transport: 'galss', reader: 'CPS', aliases: ['TRANSPA1'], state: 'empty', card: null },
      {
        transport: 'galss',
        reader: 'Vitale',
        aliases: ['TRANSPA2'],
        state: 'exclusive',
        holder: 'AUTRE_APPLI',
        card: null,
      },
    ]);
    const text = await run(['readers', '--transport', 'galss', '--format', 'text'], {
      env: galssEnv(server),
    });
    expect(text.stdout).toContain('Vitale (TRANSPA2) [galss]: held by "AUTRE_APPLI"');
  });

  it('read --wait 0: looks once, now; with a card it reads it, without one exit 3 at once', async () => {
    const withCard = await site();
    const read = await run(['read', '--transport', 'galss', '--wait', '0', '--format', 'json'], {
      env: galssEnv(withCard),
    });
    expect(read.code, read.stderr).toBe(0);
    expect(persons(read.stdout)).toBe(1);
    await mock?.close();
    await card?.close();
    card = undefined;
    const empty = await site({ empty: true });
    const none = await timed(['read', '--transport', 'galss', '--wait', '0'], galssEnv(empty));
    expect(none.code, none.stderr).toBe(3);
    expect(none.stderr).toMatch(/"Vitale" is empty/);
    expect(none.ms).toBeLessThan(2000);
  });

  it('read: an unknown resource fails at once, exit 6, naming those GALSS has', async () => {
    const server = await site();
    const r = await timed(
      ['read', '--transport', 'galss', '--reader', 'Nope', '--wait', '30'],
      galssEnv(server),
    );
    expect(r.code, r.stderr).toBe(6);
    expect(r.stderr).toContain('CPS or TRANSPA1, Vitale or TRANSPA2');
    expect(r.ms).toBeLessThan(3000);
  });

  it('read: without the info library, a named reader is enough; without a name it is missing (exit 6)', async () => {
    const server = await site();
    const env = galssEnv(server, { OPENVITALE_GALSS_INFO_LIBRARY: '/nowhere/libgalinlux.so' });
    const named = await run(['read', '--transport', 'galss', '--reader', 'Vitale', '--format', 'json'], {
      env,
    });
    expect(named.code, named.stderr).toBe(0);
    expect(persons(named.stdout)).toBe(1);
    const unnamed = await run(['read', '--transport', 'galss', '--wait', '1'], { env });
    expect(unnamed.code).toBe(6);
    expect(unnamed.stderr).toContain('/nowhere/libgalinlux.so');
  });

  it('read: a hung exchange ends the process by the read deadline; nothing overlaps it', async () => {
    const server = await site();
    server.setFault('Vitale', 'hang-card-commands');
    const config = join(tempDir(), 'api_lec.ini');
    writeFileSync(config, 'Mode=GALSS\r\nDelaiLectureMs=1500\r\n');
    const r = await timed(['read', '--config', config, '--reader', 'Vitale'], galssEnv(server));
    expect(r.code, r.stderr).toBe(7);
    expect(r.stderr).toMatch(/1500 ms/);
    // The read's deadline starts once the card is powered (its session's `Echange 14`).
    const read = server.calls.filter((c) => c.app === 'OpenVitale');
    const powered = read.find((c) => c.op === 'Echange' && c.request?.slice(4, 6) === '14')!;
    // maxSeconds is the time left, rounded up to a whole second: at most 1 s past the deadline.
    expect(r.ended - powered.at).toBeGreaterThan(1400);
    expect(r.ended - powered.at).toBeLessThan(1500 + 1000 + 500);
    expect(read.slice(-2).map((c) => c.op)).toEqual(['FinExclusivite', 'FermerSession']);
    // The hung card command, never answered.
    expect([read.at(-3)?.op, read.at(-3)?.status]).toEqual(['Echange', undefined]);
  });

  it('watch: a terminal taken by another application is reported held, then released', async () => {
    const server = await site();
    const watching = new Running(['watch', '--transport', 'galss'], galssEnv(server));
    try {
      await watching.waitFor((e) => e.event === 'read-result', 'the first read');
      release = server.hold('Vitale', 'AUTRE_APPLI');
      const [held] = await watching.waitFor((e) => e.event === 'reader-held', 'reader-held');
      expect(held).toMatchObject({ reader: 'Vitale', holder: 'AUTRE_APPLI' });
      release();
      release = undefined;
      await watching.waitFor((e) => e.event === 'reader-released', 'reader-released');
      expect(watching.events.filter((e) => e.event === 'card-removed')).toEqual([]);
    } finally {
      watching.child.kill('SIGTERM');
      expect((await watching.exited).code).toBe(0);
    }
  });

  it('doctor: the GALSS server answers (OK), or is not running (FAIL, exit 8)', async () => {
    const server = await site();
    const up = await run(['doctor'], { env: galssEnv(server) });
    expect(up.stdout).toMatch(/OK {3}GALSS library: found \(.*libgalcllux\.so\)/);
    expect(up.stdout).toMatch(/OK {3}GALSS server: answers; resources CPS or TRANSPA1, Vitale or TRANSPA2/);
    const down = await run(['doctor'], {
      env: cleanEnv({
        OPENVITALE_GALSS_LIBRARY: MOCK_CLIENT_LIBRARY,
        GALSS_MOCK_SOCKET: '/nonexistent/g.sock',
      }),
    });
    expect(down.code).toBe(8);
    expect(down.stdout).toMatch(/FAIL GALSS server: .*GALSS 8002.*start the GALSS server/);
  });

  it('migrate-galss galss.ini --vitale LECTVIT --cps LECTCPS: the resources the site names', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'galss.ini'), RENAMED_SITE_INI);
    const r = await run(['migrate-galss', join(dir, 'galss.ini'), '--vitale', 'LECTVIT', '--cps', 'LECTCPS']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Ressource_Vitale=Mock Reader 1\r\n');
    expect(r.stdout).toContain('Ressource_CPS=Mock Reader 0\r\n');
    expect(r.stdout).toContain('; LECTVIT / TRANSPA2 (vitale): PC/SC reader "Mock Reader 1"');
  });
});
