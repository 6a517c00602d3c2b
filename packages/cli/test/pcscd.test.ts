import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, Running, run } from './support.js';

// The real PC/SC stack: pcscd + vpcd, started by scripts/with-pcscd.sh.
const stack = process.env.OPENVITALE_PCSCD === '1';
if (process.env.CI && !stack) throw new Error('CI must run the tests through scripts/with-pcscd.sh');

/** The PC/SC transport is an optional package: these tests need it installed beside the CLI. */
function pcscInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('@openvitale/transport-pcsc');
    return true;
  } catch {
    return false;
  }
}

const VIRTUAL_CARD = fileURLToPath(new URL('../../virtual-card/dist/cli.js', import.meta.url));
const PROFILE = `${FIXTURES}vitale2-single.json`;
const NIR = (JSON.parse(readFileSync(PROFILE, 'utf8')) as { persons: { nir: string }[] }).persons[0]!.nir;

/** Inserts a virtual card into "Virtual PCD 00 00" until the returned process is killed. */
function insertCard(): ChildProcess {
  return spawn(process.execPath, [VIRTUAL_CARD, '--profile', PROFILE, '--vpcd-port', '35963'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

describe.skipIf(!stack || !pcscInstalled())('through pcscd + vpcd', () => {
  const started: ChildProcess[] = [];
  // pcscd sees a removal 200-500 ms later: let it, so that the next test starts with empty readers.
  afterEach(async () => {
    const children = started.splice(0);
    for (const child of children) child.kill('SIGTERM');
    if (children.length > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
  });

  it('readers lists the virtual readers', async () => {
    const r = await run(['readers', '--transport', 'pcsc', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const names = (JSON.parse(r.stdout) as { reader: string }[]).map((x) => x.reader);
    expect(names).toEqual(expect.arrayContaining(['Virtual PCD 00 00', 'Virtual PCD 00 01']));
  });

  it('read waits for the card, then reads it', async () => {
    const reading = run(['read', '--transport', 'pcsc', '--wait', '15', '--format', 'json']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    started.push(insertCard());
    const r = await reading;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(NIR);
  });

  it('read with no card exits 3 at the deadline', async () => {
    const r = await run(['read', '--transport', 'pcsc', '--wait', '1']);
    expect(r.code, r.stderr).toBe(3);
  });

  it('doctor finds pcscd, loads the PC/SC library and lists the virtual readers', async () => {
    const r = await run(['doctor']);
    expect(r.stdout).toMatch(/OK {3}PC\/SC service: pcscd is running/);
    expect(r.stdout).toMatch(/OK {3}PC\/SC library: loads \(koffi \(libpcsclite\.so\.1\)\)/);
    expect(r.stdout).toMatch(/OK {3}readers: 2 seen: "Virtual PCD 00 00", "Virtual PCD 00 01"/);
  });

  it('watch prints the insertion, the read and the removal as NDJSON', async () => {
    const watching = new Running(['watch', '--transport', 'pcsc', '--redact']);
    await watching.waitFor((e) => e.event === 'reader-added', 'the two virtual readers', 15_000, 2);
    const card = insertCard();
    started.push(card);
    await watching.waitFor((e) => e.event === 'card-inserted', 'the insertion');
    const [result] = await watching.waitFor((e) => e.event === 'read-result', 'the read');
    expect(result).toMatchObject({ reader: 'Virtual PCD 00 00', card: 'vitale-2' });
    expect(JSON.stringify(result)).not.toContain(NIR);
    card.kill('SIGTERM');
    await watching.waitFor((e) => e.event === 'card-removed', 'the removal');
    watching.child.kill('SIGTERM');
    expect((await watching.exited).code).toBe(0);
  });
});
