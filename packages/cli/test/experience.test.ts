import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv, FIXTURES, run, tempDir } from './support.js';

const DEMO_READ = ['read', '--transport', 'demo'];

/** Runs a shell line, with `openvitale` standing for the built CLI; resolves with its exit code and time. */
function shell(line: string, timeoutMs = 20_000) {
  const started = performance.now();
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve) => {
    const child = execFile(
      'sh',
      ['-c', line.replaceAll('openvitale', `"${process.execPath}" "${BIN}"`)],
      { env: cleanEnv(), timeout: timeoutMs },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          stdout,
          stderr,
          ms: performance.now() - started,
        }),
    );
    child.stdin?.end();
  });
}

describe('watch ends when its output closes', () => {
  it('openvitale watch --transport demo | head -n 3 ends, with the three events', async () => {
    // pipefail is not POSIX: the watch's own status is written to stderr by the shell line.
    const r = await shell('{ openvitale watch --transport demo; echo "watch exit $?" >&2; } | head -n 3');
    expect(r.code, r.stderr).toBe(0);
    expect(r.ms).toBeLessThan(10_000);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { event: string }).event),
    ).toEqual(['reader-added', 'card-inserted', 'read-result']);
    expect(r.stderr).toContain('watch exit 0');
  });
});

describe('a reader that is not there', () => {
  it('an unknown reader name fails at once with NO_READER (exit 6), naming the readers present', async () => {
    const started = performance.now();
    const r = await run([...DEMO_READ, '--reader', 'nothere', '--wait', '60']);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(r.code).toBe(6);
    expect(r.stderr).toBe(
      'openvitale: error: No reader matches "nothere"; readers present: "OpenVitale demo reader": give one of these names or a unique part of one (or wait for it with --wait-for-reader)\n',
    );
  });

  it('--wait-for-reader waits for it, to the deadline', async () => {
    const started = performance.now();
    const r = await run([...DEMO_READ, '--reader', 'nothere', '--wait', '1', '--wait-for-reader']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/No card in a reader matching "nothere" within 1 s/);
  });
});

describe('transports that are not installed are silent unless asked for', () => {
  it('readers says nothing of GALSS when its library is absent; --transport galss says why', async () => {
    const quiet = await run(['readers'], {
      env: cleanEnv({ OPENVITALE_GALSS_LIBRARY: '/nowhere/libgalcllux.so' }),
    });
    expect(quiet.stderr).not.toMatch(/galss/i);
    const asked = await run(['readers', '--transport', 'galss'], {
      env: cleanEnv({ OPENVITALE_GALSS_LIBRARY: '/nowhere/libgalcllux.so' }),
    });
    expect(asked.code).toBe(6);
    expect(asked.stderr).toMatch(/GALSS client library could not be loaded.*: install GALSS/);
  });
});

describe('--json', () => {
  it('is --format json for read, replay and readers', async () => {
    const terminal = cleanEnv({ FORCE_COLOR: '0' });
    const read = await run([...DEMO_READ, '--json'], { env: terminal });
    expect(JSON.parse(read.stdout)).toMatchObject({ schemaVersion: '1.0' });
    const readers = await run(['readers', '--transport', 'demo', '--json']);
    expect(JSON.parse(readers.stdout)).toEqual([
      expect.objectContaining({ reader: 'OpenVitale demo reader' }),
    ]);
    const dir = tempDir();
    await run(['trace', '--transport', 'demo', '--out', join(dir, 'demo.trace')]);
    const replay = await run(['replay', join(dir, 'demo.trace'), '--json']);
    expect(JSON.parse(replay.stdout)).toMatchObject({ schemaVersion: '1.0' });
  });

  it('and another --format exclude each other', async () => {
    const r = await run([...DEMO_READ, '--json', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--json and --format xml exclude each other: see openvitale read --help\n$/);
  });
});

/** The verbs an action starts with: a message whose last part starts otherwise does not say what to do. */
const ACTION = new RegExp(
  `: (${[
    'add',
    'check',
    'choose',
    'connect',
    'correct',
    'fix',
    'give',
    'if it holds',
    'insert',
    'install',
    'leave',
    'plug',
    'put',
    'reinsert',
    'replay',
    'run',
    'see',
    'start',
    'use',
    'write',
  ].join('|')})\\b[^\\n]*[^.:;,\\s]$`,
);

describe('every error message ends with what to do', () => {
  const dir = tempDir();
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const cases: [string, string[]][] = [
    ['unknown command', ['frobnicate']],
    ['unknown option', ['read', '--colour']],
    ['bad value', [...DEMO_READ, '--wait', 'soon']],
    ['excluding options', [...DEMO_READ, '--full', '--identification']],
    ['encoding without XML', [...DEMO_READ, '--encoding', 'utf8', '--format', 'json']],
    ['missing file', ['replay', join(dir, 'missing.trace')]],
    ['not a trace', ['replay', file('bad.trace', 'hello\n')]],
    ['bad config line', [...DEMO_READ, '--config', file('api_lec.ini', 'Couleur=bleu\n')]],
    ['bad galss.ini', ['migrate-galss', file('galss.ini', '[CANAL1]\nTCanal=9\n')]],
    ['no card', [...DEMO_READ, '--demo-profile', 'none', '--wait', '0.1']],
    ['unknown reader', [...DEMO_READ, '--reader', 'nothere']],
    ['not a Vitale card', [...DEMO_READ, '--demo-profile', join(FIXTURES, 'cps.json'), '--reader', 'demo']],
    ['card removed', [...DEMO_READ, '--demo-fault', 'remove-after:2']],
    ['mute card', [...DEMO_READ, '--demo-fault', 'mute:2']],
    ['unwritable output', [...DEMO_READ, '--out', join(dir, 'no', 'such', 'carte.json')]],
    [
      'GALSS absent when asked for',
      ['readers', '--transport', 'galss', '--config', file('g.ini', 'BibliothequeGALSS=/nowhere/x.so\n')],
    ],
  ];

  it.each(cases)('%s', async (_, args) => {
    const r = await run(args);
    expect(r.code).not.toBe(0);
    const [message, ...rest] = r.stderr.trimEnd().split('\n');
    expect(message).toMatch(/^openvitale: error: /);
    expect(message).toMatch(ACTION);
    expect(message).not.toMatch(/[.;,]\s*[.:;,]|:\s*[.;,]|:\s+:/);
    for (const line of rest) expect(line).toMatch(/^openvitale: detail: /);
  });
});

describe('doctor', () => {
  it('one fix for a stopped PC/SC service, not one per check', async () => {
    const r = await run(['doctor'], {
      env: cleanEnv({ PCSCLITE_CSOCK_NAME: join(tempDir(), 'no-pcscd.comm') }),
    });
    if (process.platform !== 'linux') return;
    expect(r.code).toBe(8);
    const lines = r.stdout.trim().split('\n');
    expect(lines.filter((line) => /pcscd/.test(line))).toEqual([
      expect.stringMatching(/^FAIL PC\/SC service: pcscd is not (running|installed): .*pcscd/),
    ]);
    expect(lines).toContain('WARN readers: not checked: the PC/SC service is not running (above)');
  });
});
