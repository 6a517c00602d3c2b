import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CARD, demoEngine, E, fakeEngine, iniFolder, probe, tempFolder } from './support.js';

/**
 * Whether a process has ended: gone, or a zombie waiting for init to reap it
 * (a killed grandchild is reparented, and its parent cannot reap it anymore).
 */
async function ended(pid: number): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    try {
      if (
        readFileSync(`/proc/${pid}/stat`, 'latin1')
          .replace(/^.*\) /, '')
          .startsWith('Z')
      )
        return true;
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

/** The return values of a probe run, one per call. */
const codes = async (steps: readonly string[], env?: NodeJS.ProcessEnv) => {
  const run = await probe(steps, env ? { env } : {});
  expect(run.code, run.stderr).toBe(0);
  return run.steps.map((s) => s.ret);
};

describe('the calls in the wrong order or with NULL pointers', () => {
  const dir = iniFolder(demoEngine());

  it('refuses a second Hn_Init and keeps the first', async () => {
    expect(await codes([`init:${dir}`, `init:${dir}`, 'read:30:65536', 'finir'])).toEqual([
      E.OK,
      E.ALREADY_INITIALISED,
      E.OK,
      E.OK,
    ]);
  });

  it('refuses a read before Hn_Init and after Hn_Finir, and a Hn_Finir without Hn_Init', async () => {
    expect(await codes(['read:30:65536', 'finir', `init:${dir}`, 'finir', 'read:30:65536', 'finir'])).toEqual(
      [E.NOT_INITIALISED, E.NOT_INITIALISED, E.OK, E.OK, E.NOT_INITIALISED, E.NOT_INITIALISED],
    );
  });

  it('takes Hn_Init again after Hn_Finir', async () => {
    expect(await codes([`init:${dir}`, 'finir', `init:${dir}`, 'read:30:65536', 'finir'])).toEqual([
      E.OK,
      E.OK,
      E.OK,
      E.OK,
      E.OK,
    ]);
  });

  it('answers every NULL pointer with its own code, and does nothing', async () => {
    const run = await probe([
      'init-null:chemin',
      'init-null:mode',
      'init-null:err',
      `init:${dir}`,
      'read-null:data',
      'read-null:length',
      'read-null:state',
      'read-null:err',
      'finir-null',
      'finir',
    ]);
    expect(run.steps, run.stderr).toEqual([
      // The error code is stored wherever its pointer is not NULL; the mode is left alone.
      { step: 'init', ret: E.NULL_POINTER, err: E.NULL_POINTER, mode: 0xffff },
      { step: 'init', ret: E.NULL_POINTER, err: E.NULL_POINTER, mode: 0xffff },
      { step: 'init', ret: E.NULL_POINTER, err: 0xffff, mode: 0xffff },
      { step: 'init', ret: E.OK, err: E.OK, mode: 3 },
      { step: 'read', ret: E.NULL_POINTER, err: E.NULL_POINTER, state: CARD.UNKNOWN, length: 65536 },
      { step: 'read', ret: E.NULL_POINTER, err: E.NULL_POINTER, state: CARD.UNKNOWN, length: 65536 },
      { step: 'read', ret: E.NULL_POINTER, err: E.NULL_POINTER, state: -1, length: 65536 },
      { step: 'read', ret: E.NULL_POINTER, err: 0xffff, state: -1, length: 65536 },
      // Hn_Finir(NULL) does not end the session: the next Hn_Finir does.
      { step: 'finir', ret: E.NULL_POINTER, err: 0xffff },
      { step: 'finir', ret: E.OK, err: E.OK },
    ]);
  });

  it('refuses a negative wait', async () => {
    expect(await codes([`init:${dir}`, 'read:-1:65536', 'finir'])).toEqual([E.OK, E.BAD_PARAMETER, E.OK]);
  });

  it('answers a call made while another thread reads with BUSY, at once', async () => {
    const slow = iniFolder(demoEngine('OpenVitaleProfilDemo=none'));
    const run = await probe([`init:${slow}`, 'busy:3', 'finir']);
    // The read's thread prints after the Hn_Finir made during it.
    expect(run.steps.map((s) => [s.step, s.ret])).toEqual([
      ['init', E.OK],
      ['finir', E.BUSY],
      ['read', E.NO_CARD],
      ['finir', E.OK],
    ]);
  });
});

describe('api_lec.ini', () => {
  it('is required in the folder Hn_Init names, with or without the trailing separator', async () => {
    const empty = tempFolder();
    const dir = iniFolder(demoEngine());
    expect(await codes([`init:${empty}/`, `init:${empty}`, `init:${dir.slice(0, -1)}`, 'finir'])).toEqual([
      E.INI_MISSING,
      E.INI_MISSING,
      E.OK,
      E.OK,
    ]);
  });

  it('refuses an empty folder and one too long for a path', async () => {
    expect(await codes(['init:', `init:/${'x'.repeat(5000)}/`])).toEqual([E.BAD_PARAMETER, E.BAD_PARAMETER]);
  });

  it.each([
    ['a line without "="', ['Ressource_Vitale=auto', 'just words']],
    ['a line starting with "="', ['=value']],
    ['a key set twice', ['OpenVitaleTransport=demo', 'openvitaletransport=pcsc']],
    ['an unknown transport', ['OpenVitaleTransport=usb']],
    ['a bad Mode', ['Mode=USB']],
    ['a bad DelaiLectureMs', ['DelaiLectureMs=10s']],
    ['a start-up allowance out of range', ['OpenVitaleDelaiDemarrageMs=5']],
    ['a relative command path', ['OpenVitaleCommande=bin/openvitale']],
    ['a relative script', ['OpenVitaleScript=bin.js']],
    ['a relative journal', ['OpenVitaleJournal=journal.log']],
    ['a demo profile without the demo transport', ['OpenVitaleProfilDemo=none']],
    ['a relative demo profile', ['OpenVitaleTransport=demo', 'OpenVitaleProfilDemo=card.json']],
  ])('is malformed with %s', async (_what, lines) => {
    expect(await codes([`init:${iniFolder(lines)}`])).toEqual([E.INI_INVALID]);
  });

  it('is malformed when it holds a NUL byte or is far too large', async () => {
    const nul = tempFolder();
    writeFileSync(join(nul, 'api_lec.ini'), Buffer.from('Mode=PCSC\0\r\n', 'latin1'));
    const large = tempFolder();
    writeFileSync(join(large, 'api_lec.ini'), `; ${'x'.repeat(1024 * 1024)}\r\n`);
    expect(await codes([`init:${nul}`, `init:${large}`])).toEqual([E.INI_INVALID, E.INI_INVALID]);
  });

  it.each([
    ['UTF-16 without a byte-order mark', Buffer.from('Mode=PCSC\r\n', 'utf16le')],
    [
      'a UTF-8 mark before bytes that are not UTF-8',
      Buffer.from([0xef, 0xbb, 0xbf, 0x4d, 0x3d, 0xe9, 0x0d, 0x0a]),
    ],
    ['a UTF-16 mark before an odd byte', Buffer.from([0xff, 0xfe, 0x4d, 0x00, 0x3d])],
  ])('is malformed as %s, as the CLI finds it', async (_what, bytes) => {
    const dir = tempFolder();
    writeFileSync(join(dir, 'api_lec.ini'), bytes);
    expect(await codes([`init:${dir}`])).toEqual([E.INI_INVALID]);
  });

  it('is missing when its name is a folder', async () => {
    const dir = tempFolder();
    mkdirSync(join(dir, 'api_lec.ini'));
    expect(await codes([`init:${dir}`])).toEqual([E.INI_MISSING]);
  });
});

describe('the engine', () => {
  it('is missing when the command named or the one in PATH does not exist', async () => {
    expect(
      await codes([
        `init:${iniFolder(['OpenVitaleCommande=/nonexistent/openvitale'])}`,
        `init:${iniFolder(['OpenVitaleCommande=no-such-command-here'])}`,
        `init:${iniFolder([`OpenVitaleCommande=${process.execPath}`, '; the script is missing', 'OpenVitaleScript=/nonexistent.js'])}`,
        `init:${iniFolder([`OpenVitaleCommande=${tempFolder()}`])}`,
      ]),
    ).toEqual([E.ENGINE_MISSING, E.ENGINE_MISSING, E.ENGINE_MISSING, E.ENGINE_MISSING]);
    expect(await codes([`init:${iniFolder([])}`], { ...process.env, PATH: tempFolder() })).toEqual([
      E.ENGINE_MISSING,
    ]);
  });

  it("is missing when its interpreter is not in PATH (npm's `#!/usr/bin/env node` on a host without node: exit 127)", async () => {
    const command = join(tempFolder(), 'openvitale');
    writeFileSync(command, '#!/usr/bin/env openvitale-no-such-interpreter\n', { mode: 0o755 });
    const run = await probe([
      `init:${iniFolder([`OpenVitaleCommande=${command}`])}`,
      'read:0:65536',
      'finir',
    ]);
    expect(run.steps.map((s) => s.ret)).toEqual([E.OK, E.ENGINE_MISSING, E.OK]);
    expect(run.steps[1]).toMatchObject({ state: CARD.UNKNOWN, length: 0 });
  });

  it.each([
    [1, E.ENGINE_FAILED, CARD.UNKNOWN],
    [2, E.INI_INVALID, CARD.UNKNOWN],
    [3, E.NO_CARD, CARD.ABSENT],
    [4, E.NOT_VITALE, CARD.NOT_VITALE],
    [5, E.CARD_REMOVED, CARD.REMOVED],
    [6, E.READER_UNAVAILABLE, CARD.UNKNOWN],
    [7, E.READ_FAILED, CARD.ERROR],
    [8, E.ENGINE_FAILED, CARD.UNKNOWN],
    [9, E.VITALE_1, CARD.VITALE_1],
    [42, E.ENGINE_FAILED, CARD.UNKNOWN],
    [130, E.INTERRUPTED, CARD.UNKNOWN],
  ])('maps exit code %i of the CLI to error %i and card state %i', async (exit, code, card) => {
    const dir = iniFolder(
      fakeEngine(`process.stderr.write('openvitale: error: exit ${exit}\\n'); process.exit(${exit});`),
    );
    const run = await probe([`init:${dir}`, 'read:0:65536', 'finir']);
    expect(run.steps[1]).toEqual({ step: 'read', ret: code, err: code, state: card, length: 0 });
  });

  it('passes the ini, the wait and the demo settings as arguments, without a shell', async () => {
    const argv = join(tempFolder(), 'argv.json');
    const dir = iniFolder([
      ...fakeEngine(
        `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(argv)}, JSON.stringify(process.argv.slice(2))); process.exit(3);`,
      ),
      'OpenVitaleTransport=demo',
      'OpenVitaleProfilDemo=/tmp/a card; $(touch /tmp/pwned) "q".json',
      'OpenVitaleIncidentDemo=remove-after:2',
    ]);
    const run = await probe([`init:${dir}`, 'read:7:65536', 'finir']);
    expect(run.steps[1]).toMatchObject({ ret: E.NO_CARD });
    expect(JSON.parse(readFileSync(argv, 'utf8'))).toEqual([
      'read',
      '--format=xml',
      '--identification',
      `--config=${dir}api_lec.ini`,
      '--wait=7',
      '--transport=demo',
      '--demo-profile=/tmp/a card; $(touch /tmp/pwned) "q".json',
      '--demo-fault=remove-after:2',
    ]);
  });

  it('is stopped at its deadline, with what it started, and the read says so', async () => {
    const pids = join(tempFolder(), 'pids');
    const dir = iniFolder([
      ...fakeEngine(
        `import { spawn } from 'node:child_process'; import { writeFileSync } from 'node:fs';
         const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], { stdio: 'ignore' });
         writeFileSync(${JSON.stringify(pids)}, JSON.stringify([process.pid, child.pid]));
         setTimeout(() => {}, 600000);`,
      ),
      'DelaiLectureMs=100',
      'OpenVitaleDelaiDemarrageMs=1500',
    ]);
    const started = Date.now();
    const run = await probe([`init:${dir}`, 'read:0:65536', 'finir']);
    const took = Date.now() - started;
    expect(run.steps[1]).toEqual({
      step: 'read',
      ret: E.ENGINE_TIMEOUT,
      err: E.ENGINE_TIMEOUT,
      state: 0,
      length: 0,
    });
    expect(took).toBeGreaterThanOrEqual(1600);
    for (const pid of JSON.parse(readFileSync(pids, 'utf8')) as number[]) {
      expect(await ended(pid), `process ${pid} still runs`).toBe(true);
    }
  });

  it('is killed when it ignores the request to stop', async () => {
    const pid = join(tempFolder(), 'pid');
    const dir = iniFolder([
      ...fakeEngine(
        `import { writeFileSync } from 'node:fs'; process.on('SIGTERM', () => {});
         writeFileSync(${JSON.stringify(pid)}, String(process.pid)); setTimeout(() => {}, 600000);`,
      ),
      'DelaiLectureMs=100',
      'OpenVitaleDelaiDemarrageMs=1000',
    ]);
    const run = await probe([`init:${dir}`, 'read:0:65536', 'finir']);
    expect(run.steps[1]).toMatchObject({ ret: E.ENGINE_TIMEOUT });
    expect(await ended(Number(readFileSync(pid, 'utf8')))).toBe(true);
  });

  it('cannot be waited for by a host that ignores SIGCHLD, and the read says so', async () => {
    const dir = iniFolder(demoEngine());
    expect(await codes(['ignore-sigchld', `init:${dir}`, 'read:30:65536', 'finir'])).toEqual([
      E.OK,
      E.SYSTEM,
      E.OK,
    ]);
  });

  it.each([
    ['prints something that is not XML', `process.stdout.write('{"json":true}');`],
    ['prints nothing', ''],
    ['prints more than any card holds', `process.stdout.write('<?xml' + 'x'.repeat(5 * 1024 * 1024));`],
    ['is ended by a signal', `process.kill(process.pid, 'SIGKILL');`],
  ])('fails when it %s', async (_what, source) => {
    const run = await probe([`init:${iniFolder(fakeEngine(source))}`, 'read:0:65536', 'finir']);
    expect(run.steps[1]).toEqual({
      step: 'read',
      ret: E.ENGINE_FAILED,
      err: E.ENGINE_FAILED,
      state: 0,
      length: 0,
    });
  });
});

describe('the journal', () => {
  it('has one line per call with the code, the card state and what to do, and no card data', async () => {
    const journal = join(tempFolder(), 'apilec.log');
    const dir = iniFolder(demoEngine(`OpenVitaleJournal=${journal}`));
    const empty = iniFolder(demoEngine(`OpenVitaleJournal=${journal}`, 'OpenVitaleProfilDemo=none'));
    await probe([
      `init:${dir}`,
      `init:${dir}`,
      'read:30:65536',
      'read:30:10',
      'finir',
      `init:${empty}`,
      'read:1:65536',
      'finir',
    ]);
    const lines = readFileSync(journal, 'latin1').trimEnd().split('\n');
    const time = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ';
    expect(lines).toHaveLength(8);
    expect(lines[0]).toMatch(new RegExp(`^${time} Hn_Init -> APILEC_OK \\(0\\)$`));
    expect(lines[1]).toMatch(/Hn_Init -> APILEC_E_ALREADY_INITIALISED \(4\): Hn_Init was already called/);
    expect(lines[2]).toMatch(/Hn_LectureVitaleDonneesIdentification -> APILEC_OK \(0\) card 1$/);
    expect(lines[3]).toMatch(
      /-> APILEC_E_BUFFER_TOO_SMALL \(15\) card 1: the XML takes \d+ bytes, the buffer 10$/,
    );
    expect(lines[4]).toMatch(/Hn_Finir -> APILEC_OK \(0\)$/);
    expect(lines[6]).toMatch(
      /-> APILEC_E_NO_CARD \(20\) card 2: openvitale: error: No Vitale card within 1 s/,
    );
    // The demo card's name and NIR (fixtures' demo profile) never reach the journal.
    expect(lines.join('\n')).not.toMatch(/DEMO|CAMILLE|185057512345673/);
  });

  it('creates the folder it is in when that folder is missing (C:\\ProgramData\\OpenVitale on a new desk)', async () => {
    const journal = join(tempFolder(), 'OpenVitale', 'apilec.log');
    await probe([`init:${iniFolder(demoEngine(`OpenVitaleJournal=${journal}`))}`, 'finir']);
    expect(readFileSync(journal, 'latin1')).toMatch(
      /Hn_Init -> APILEC_OK \(0\)\n.* Hn_Finir -> APILEC_OK \(0\)\n$/,
    );
  });

  it('records why Hn_Init failed once its own key is read', async () => {
    const journal = join(tempFolder(), 'apilec.log');
    await probe([`init:${iniFolder([`OpenVitaleJournal=${journal}`, 'Mode=USB'])}`]);
    expect(readFileSync(journal, 'latin1')).toMatch(
      /Hn_Init -> APILEC_E_INI_INVALID \(11\): api_lec.ini:2: Mode must be PCSC or GALSS\n$/,
    );
  });
});
