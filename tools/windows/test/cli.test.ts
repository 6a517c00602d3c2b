import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  arches,
  describeRun,
  FIXTURES,
  openvitaleOnLinux,
  openvitaleOnWindows,
  runWindows,
  unixPath,
  windowsTempDir,
  wine,
} from './support.js';

/**
 * The `openvitale` command on Node.js for Windows under Wine, from a flat
 * install of the packed tarballs, against the same command on Linux: the
 * bytes on stdout must be the same (the ISO-8859-1 XML byte for byte, line
 * endings included), and so must the exit codes.
 */
const COMMANDS = ['read', 'readers', 'watch', 'trace', 'replay', 'doctor', 'migrate-galss', 'serve'];
const ACCENTS = 'vitale2-accents-long-names.json';
const WINDOWS_PROFILE = `C:\\openvitale\\fixtures\\cards\\${ACCENTS}`;
const LINUX_PROFILE = join(FIXTURES, 'cards', ACCENTS);

/** `[name, arguments on Windows, arguments on Linux]`: every output format of the demo read. */
const READS: readonly [string, string[], string[]][] = [
  ['JSON (stdout redirected)', [], []],
  ['text', ['--format', 'text'], ['--format', 'text']],
  ['ISO-8859-1 XML', ['--format', 'xml'], ['--format', 'xml']],
  ['UTF-8 XML', ['--format', 'xml', '--encoding', 'utf8'], ['--format', 'xml', '--encoding', 'utf8']],
  ['full read as XML', ['--full', '--format', 'xml'], ['--full', '--format', 'xml']],
  ...(['text', 'json', 'xml'] as const).map((format): [string, string[], string[]] => [
    `accented names as ${format}`,
    ['--demo-profile', WINDOWS_PROFILE, '--format', format],
    ['--demo-profile', LINUX_PROFILE, '--format', format],
  ]),
  [
    'the 6.31 options',
    ['--format', 'xml', '--centre-carte-0000', '--nir-spaced', '--redact'],
    ['--format', 'xml', '--centre-carte-0000', '--nir-spaced', '--redact'],
  ],
];

async function sameAsLinux(windowsArgs: readonly string[], linuxArgs: readonly string[] = windowsArgs) {
  const [windows, linux] = await Promise.all([
    openvitaleOnWindows(windowsArgs),
    openvitaleOnLinux(linuxArgs),
  ]);
  expect(windows.code, describeRun(windows)).toBe(linux.code);
  expect(windows.stdout.equals(linux.stdout), describeRun(windows)).toBe(true);
  return windows;
}

describe.skipIf(!wine)('openvitale on Windows', () => {
  it('reports win32 and prints its version', async () => {
    const platform = await runWindows(wine!.NODE_X64!, ['-p', "process.platform + ' ' + process.arch"]);
    expect(platform.stdout.toString().trim()).toBe('win32 x64');
    await sameAsLinux(['--version']);
  });

  it.each(['--help', ...COMMANDS.map((c) => `${c} --help`)])('prints the same help: %s', async (line) => {
    await sameAsLinux(line.split(' '));
  });

  it.each(READS)('reads the demo card: %s', async (_name, windowsArgs, linuxArgs) => {
    const args = ['read', '--transport', 'demo', ...windowsArgs];
    const windows = await sameAsLinux(args, ['read', '--transport', 'demo', ...linuxArgs]);
    expect(windows.code).toBe(0);
    expect(windows.stderr).toBe('');
  });

  it.each(['json', 'text'])('lists the demo reader as %s', async (format) => {
    const windows = await sameAsLinux(['readers', '--transport', 'demo', '--format', format]);
    expect(windows.code).toBe(0);
  });

  it('writes --out to a Windows path, the same bytes as Linux prints', async () => {
    const dir = windowsTempDir('out');
    const windows = await openvitaleOnWindows(['read', '--transport', 'demo', '--out', `${dir}\\card.xml`]);
    expect(windows.code, describeRun(windows)).toBe(0);
    const linux = await openvitaleOnLinux(['read', '--transport', 'demo', '--format', 'xml']);
    expect(readFileSync(unixPath(`${dir}\\card.xml`)).equals(linux.stdout)).toBe(true);
  });

  it('fails on a missing Windows path with the usage exit code and the path in the message', async () => {
    const windows = await openvitaleOnWindows([
      'read',
      '--transport',
      'demo',
      '--demo-profile',
      'C:\\openvitale\\missing\\card.json',
    ]);
    expect(windows.code).toBe(2);
    expect(windows.stderr).toMatch(/^openvitale: error: .*C:\\openvitale\\missing\\card\.json/);
    expect(windows.stderr).not.toMatch(/\n\s+at /);
  });

  it('records an anonymised trace and replays it as Linux does', async () => {
    const dir = windowsTempDir('trace');
    const trace = `${dir}\\demo.trace`;
    const recorded = await openvitaleOnWindows(['trace', '--transport', 'demo', '--out', trace]);
    expect(recorded.code, describeRun(recorded)).toBe(0);
    expect(recorded.stderr).toContain(`Trace written to ${trace}`);
    const text = readFileSync(unixPath(trace), 'latin1');
    expect(text).toContain('ANONYMISED');
    expect(text).not.toMatch(/DEMO|CAMILLE|185057512345673/);
    // The file the Windows run wrote, replayed on both systems.
    await sameAsLinux(['replay', trace, '--format', 'xml'], ['replay', unixPath(trace), '--format', 'xml']);
  });

  it('a raw trace made on Windows equals the Linux one and replays to the read', async () => {
    const dir = windowsTempDir('raw');
    const trace = `${dir}\\raw.trace`;
    const recorded = await openvitaleOnWindows(['trace', '--transport', 'demo', '--raw', '--out', trace]);
    expect(recorded.code, describeRun(recorded)).toBe(0);
    const linuxTrace = join(unixPath(dir), 'linux.trace');
    const linux = await openvitaleOnLinux(['trace', '--transport', 'demo', '--raw', '--out', linuxTrace]);
    expect(linux.code, describeRun(linux)).toBe(0);
    const undated = (file: string) =>
      readFileSync(file, 'latin1').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/, '<time>');
    expect(undated(unixPath(trace))).toBe(undated(linuxTrace));
    const replayed = await openvitaleOnWindows(['replay', trace, '--format', 'xml']);
    const read = await openvitaleOnLinux(['read', '--transport', 'demo', '--format', 'xml']);
    expect(replayed.code, describeRun(replayed)).toBe(0);
    expect(replayed.stdout.equals(read.stdout)).toBe(true);
    // And the Linux trace on Windows.
    const back = await openvitaleOnWindows(['replay', `${dir}\\linux.trace`, '--format', 'xml']);
    expect(back.stdout.equals(read.stdout), describeRun(back)).toBe(true);
  });

  it('runs through openvitale.cmd with the exit code kept (no card: 3)', async () => {
    const shim = `${wine!.APP_X64}\\openvitale.cmd`;
    const version = await runWindows('cmd', ['/c', shim, '--version']);
    expect(version.code, describeRun(version)).toBe(0);
    expect(version.stdout.toString().trim()).toMatch(/^\d+\.\d+\.\d+/);
    const empty = await runWindows('cmd', [
      '/c',
      shim,
      'read',
      '--transport',
      'demo',
      '--demo-profile',
      'none',
      '--wait',
      '0',
    ]);
    expect(empty.code, describeRun(empty)).toBe(3);
  });

  it.each(arches.filter((a) => a !== 'X64'))('reads the demo card as XML on %s Node', async (arch) => {
    const windows = await openvitaleOnWindows(['read', '--transport', 'demo', '--format', 'xml'], { arch });
    const linux = await openvitaleOnLinux(['read', '--transport', 'demo', '--format', 'xml']);
    expect(windows.code, describeRun(windows)).toBe(0);
    expect(windows.stdout.equals(linux.stdout)).toBe(true);
  });
});

describe.skipIf(!wine)('openvitale doctor on Windows', () => {
  it.each(arches)('answers every check with a level and what to do (%s)', async (arch) => {
    const dir = windowsTempDir('doctor');
    const ini = `${dir}\\api_lec.ini`;
    writeFileSync(unixPath(ini), 'Ressource_Vitale=auto\r\nMode=PCSC\r\n', 'latin1');
    const doctor = await openvitaleOnWindows(['doctor', '--config', ini], { arch });
    expect([0, 8], describeRun(doctor)).toContain(doctor.code);
    expect(doctor.stderr).toBe('');
    const lines = doctor.stdout.toString('utf8').trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^(OK|WARN|FAIL) +[A-Za-z/ ]+: \S/);
    const bits = arch === 'X64' ? '64' : '32';
    const check = (name: string) => lines.find((l) => new RegExp(`^\\w+ +${name}: `).test(l)) ?? '';
    expect(check('GALSS library')).toMatch(new RegExp(`^WARN .*not found .*galclw${bits}\\.dll`));
    expect(check('config file')).toBe(`OK   config file: ${ini} is valid: reader auto, mode pcsc`);
    expect(doctor.code).toBe(lines.some((l) => l.startsWith('FAIL')) ? 8 : 0);
  });

  it.each(arches)('finds the GALSS client where LoadLibrary would, on the PATH (%s)', async (arch) => {
    const dir = windowsTempDir('galss');
    const dll = `${dir}\\galclw${arch === 'X64' ? '64' : '32'}.dll`;
    writeFileSync(unixPath(dll), '');
    const doctor = await openvitaleOnWindows(['doctor'], { arch, env: { WINEPATH: dir } });
    expect(doctor.stdout.toString('utf8')).toContain(`OK   GALSS library: found (${dll})`);
  });
});
