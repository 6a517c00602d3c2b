import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { E, probeSteps } from '../../../packages/apilec/test/support.js';
import { REPO } from './paths.js';
import {
  type Arch,
  arches,
  describeRun,
  openvitaleOnLinux,
  openvitaleOnWindows,
  runWindows,
  unixPath,
  windowsTempDir,
  wine,
} from './support.js';

/**
 * The drop-in C library (`@openvitale/apilec`) on Windows: the DLL of the
 * flat install of the packed tarball, loaded with LoadLibrary by the
 * mingw-built test program (packages/apilec/test/probe.c), reading the demo
 * card through the Windows `openvitale` (node.exe + bin.js) it starts.
 */
const DLL = { X64: 'api_lec64.dll', IA32: 'api_lec32.dll' } as const;
const BUILD = { X64: 'win32-x64', IA32: 'win32-ia32' } as const;
const PROBE = { X64: 'probe-x64.exe', IA32: 'probe-ia32.exe' } as const;

/** A folder on C: with the installed DLL, the test program and an api_lec.ini of these lines. */
function site(arch: Arch, lines: readonly string[]): string {
  const dir = windowsTempDir(`apilec-${arch.toLowerCase()}`);
  const installed = `${wine![`APP_${arch}`]}\\node_modules\\@openvitale\\apilec\\build\\${BUILD[arch]}\\${DLL[arch]}`;
  copyFileSync(unixPath(installed), join(unixPath(dir), DLL[arch]));
  copyFileSync(
    join(REPO, 'packages', 'apilec', 'build', 'test', PROBE[arch]),
    join(unixPath(dir), PROBE[arch]),
  );
  writeFileSync(join(unixPath(dir), 'api_lec.ini'), `${lines.join('\r\n')}\r\n`, 'latin1');
  return dir;
}

/** The lines that run the install's CLI with node.exe. */
const engine = (arch: Arch) => [
  `OpenVitaleCommande=${wine![`NODE_${arch}`]}`,
  `OpenVitaleScript=${wine![`APP_${arch}`]}\\node_modules\\@openvitale\\cli\\dist\\bin.js`,
];

async function probe(
  arch: Arch,
  dir: string,
  steps: readonly string[],
  options: { names?: string; env?: NodeJS.ProcessEnv } = {},
) {
  const run = await runWindows(
    `${dir}\\${PROBE[arch]}`,
    [...(options.names ? ['--names', options.names] : []), DLL[arch], `init:${dir}\\`, ...steps],
    { cwd: dir, ...(options.env ? { env: options.env } : {}) },
  );
  return { run, steps: probeSteps(run.stdout) };
}

describe.skipIf(!wine)('the drop-in DLL on Windows', () => {
  it.each(arches)('%s: reads the demo card, the same bytes as openvitale read --format xml', async (arch) => {
    const dir = site(arch, [...engine(arch), 'OpenVitaleTransport=demo']);
    const { run, steps } = await probe(arch, dir, [`read:30:65536:${dir}\\read.xml`, 'finir']);
    expect(steps, describeRun(run)).toEqual([
      { step: 'init', ret: E.OK, err: E.OK, mode: 3 },
      { step: 'read', ret: E.OK, err: E.OK, state: 1, length: expect.any(Number) },
      { step: 'finir', ret: E.OK, err: E.OK },
    ]);
    const xml = readFileSync(join(unixPath(dir), 'read.xml'));
    const args = ['read', '--format', 'xml', '--identification', '--transport', 'demo'];
    const [windows, linux] = await Promise.all([
      openvitaleOnWindows(args, { arch }),
      openvitaleOnLinux(args),
    ]);
    expect(xml.equals(windows.stdout), describeRun(windows)).toBe(true);
    expect(xml.equals(linux.stdout)).toBe(true);
  });

  it.skipIf(!arches.includes('IA32'))(
    'IA32: each __stdcall function answers under its plain and both decorated names',
    async () => {
      const dir = site('IA32', [...engine('IA32'), 'OpenVitaleTransport=demo']);
      for (const names of ['plain', 'decorated', 'underscore']) {
        const { run, steps } = await probe('IA32', dir, ['read:30:10', 'finir'], { names });
        expect(
          steps.map((s) => s.ret),
          describeRun(run),
        ).toEqual([E.OK, E.BUFFER_TOO_SMALL, E.OK]);
      }
    },
  );

  it('finds openvitale.cmd in PATH, and the node.exe and bin.js it runs', async () => {
    const dir = site('X64', ['OpenVitaleTransport=demo', 'OpenVitaleProfilDemo=none']);
    const { run, steps } = await probe('X64', dir, ['read:1:65536', 'finir'], {
      env: { WINEPATH: `${wine!.APP_X64};C:\\Program Files\\nodejs` },
    });
    expect(
      steps.map((s) => [s.ret, s.state]),
      describeRun(run),
    ).toEqual([
      [E.OK, undefined],
      [E.NO_CARD, 2],
      [E.OK, undefined],
    ]);
  });

  it('refuses calls out of order, and a command that does not exist', async () => {
    const dir = site('X64', [...engine('X64'), 'OpenVitaleTransport=demo']);
    const { steps } = await probe('X64', dir, [`init:${dir}`, 'finir', 'read:1:65536', 'finir']);
    expect(steps.map((s) => s.ret)).toEqual([
      E.OK,
      E.ALREADY_INITIALISED,
      E.OK,
      E.NOT_INITIALISED,
      E.NOT_INITIALISED,
    ]);
    const missing = site('X64', ['OpenVitaleCommande=C:\\nonexistent\\node.exe']);
    expect((await probe('X64', missing, [])).steps.map((s) => s.ret)).toEqual([E.ENGINE_MISSING]);
  });

  it('refuses a batch file as the command: only cmd.exe runs one, with its own quoting', async () => {
    const dir = site('X64', [`OpenVitaleCommande=${wine!.APP_X64}\\openvitale.cmd`]);
    expect((await probe('X64', dir, [])).steps.map((s) => s.ret)).toEqual([E.INI_INVALID]);
  });

  it('passes arguments with spaces, quotes and backslashes intact, without cmd.exe', async () => {
    const dir = site('X64', ['OpenVitaleTransport=demo']);
    const argv = `${dir}\\argv.json`;
    writeFileSync(
      join(unixPath(dir), 'engine.mjs'),
      `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(argv)}, JSON.stringify(process.argv.slice(2))); process.exit(3);`,
    );
    const profile = 'C:\\a folder\\with "quotes" & %PATH% ^ | > \\ trailing\\\\';
    writeFileSync(
      join(unixPath(dir), 'api_lec.ini'),
      [
        `OpenVitaleCommande=${wine!.NODE_X64}`,
        `OpenVitaleScript=${dir}\\engine.mjs`,
        'OpenVitaleTransport=demo',
        `OpenVitaleProfilDemo=${profile}`,
        '',
      ].join('\r\n'),
      'latin1',
    );
    const { steps } = await probe('X64', dir, ['read:7:65536']);
    expect(steps[1]).toMatchObject({ ret: E.NO_CARD });
    expect(JSON.parse(readFileSync(unixPath(argv), 'utf8'))).toEqual([
      'read',
      '--format=xml',
      '--identification',
      `--config=${dir}\\api_lec.ini`,
      '--wait=7',
      '--transport=demo',
      `--demo-profile=${profile}`,
    ]);
  });

  it('reads an api_lec.ini saved as UTF-16 (Notepad\'s "Unicode") that names a path with an accent', async () => {
    const dir = site('X64', []);
    const profile = `${dir}\\carte é.json`;
    copyFileSync(join(REPO, 'fixtures', 'cards', 'vitale2-single.json'), unixPath(profile));
    const lines = [...engine('X64'), 'OpenVitaleTransport=demo', `OpenVitaleProfilDemo=${profile}`];
    writeFileSync(
      join(unixPath(dir), 'api_lec.ini'),
      Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf16le'),
    );
    const { run, steps } = await probe('X64', dir, [`read:30:65536:${dir}\\read.xml`]);
    expect(steps[1], describeRun(run)).toMatchObject({ ret: E.OK, state: 1 });
    const linux = await openvitaleOnLinux([
      'read',
      '--format',
      'xml',
      '--transport',
      'demo',
      '--demo-profile',
      join(REPO, 'fixtures', 'cards', 'vitale2-single.json'),
    ]);
    expect(readFileSync(join(unixPath(dir), 'read.xml')).equals(linux.stdout)).toBe(true);
  });

  it('stops a command that outlives its deadline, and what it started', async () => {
    const dir = site('X64', ['DelaiLectureMs=100', 'OpenVitaleDelaiDemarrageMs=3000']);
    const pids = `${dir}\\pids.json`;
    writeFileSync(
      join(unixPath(dir), 'hang.mjs'),
      `import { spawn } from 'node:child_process'; import { writeFileSync } from 'node:fs';
       const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], { stdio: 'ignore' });
       writeFileSync(${JSON.stringify(pids)}, JSON.stringify([process.pid, child.pid]));
       setTimeout(() => {}, 600000);`,
    );
    const ini = join(unixPath(dir), 'api_lec.ini');
    writeFileSync(
      ini,
      `${readFileSync(ini, 'latin1')}OpenVitaleCommande=${wine!.NODE_X64}\r\nOpenVitaleScript=${dir}\\hang.mjs\r\n`,
      'latin1',
    );
    const { steps } = await probe('X64', dir, ['read:0:65536', 'finir']);
    expect(steps[1]).toMatchObject({ ret: E.ENGINE_TIMEOUT, state: 0, length: 0 });
    const check = await runWindows(wine!.NODE_X64!, [
      '-e',
      `for (const p of ${readFileSync(unixPath(pids), 'utf8')}) { try { process.kill(p, 0); console.log(p, 'alive'); } catch (e) { console.log(p, e.code); } }`,
    ]);
    expect(check.stdout.toString('utf8')).not.toMatch(/alive/);
    expect(check.stdout.toString('utf8')).toMatch(/ESRCH[\s\S]*ESRCH/);
  });
});
