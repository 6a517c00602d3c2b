import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CARD,
  CLI,
  cliRead,
  E,
  FIXTURES,
  iniFolder,
  MODE,
  probe,
  tempFolder,
  VIRTUAL_CARD,
} from './support.js';

// The real PC/SC stack: pcscd + vpcd, started by scripts/with-pcscd.sh.
const stack = process.env.OPENVITALE_PCSCD === '1';
if (process.env.CI && !stack) throw new Error('CI must run the tests through scripts/with-pcscd.sh');

const READER = 'Virtual PCD 00 00';
const PROFILE = `${FIXTURES}vitale2-family.json`;

/** A virtual card in "Virtual PCD 00 00" until the process ends. */
function insertCard(...options: string[]): ChildProcess {
  return spawn(process.execPath, [VIRTUAL_CARD, '--profile', PROFILE, '--vpcd-port', '35963', ...options], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** The library as a site runs it: the CLI through PC/SC, the Vitale reader named in api_lec.ini. */
const pcscIni = () =>
  iniFolder([
    '[LECTURE]',
    `Ressource_Vitale=${READER}`,
    `OpenVitaleCommande=${process.execPath}`,
    `OpenVitaleScript=${CLI}`,
  ]);

describe.skipIf(!stack)('the Linux library through pcscd + vpcd', () => {
  const cards: ChildProcess[] = [];
  // pcscd sees a removal 200-500 ms later: let it, so that the next test starts with an empty reader.
  afterEach(async () => {
    const started = cards.splice(0);
    for (const card of started) card.kill('SIGTERM');
    if (started.length > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
  });

  it('waits for the card, reads it, and gives the bytes openvitale read --format xml prints', async () => {
    const dir = pcscIni();
    const out = join(tempFolder(), 'read.xml');
    const reading = probe([`init:${dir}`, `read:30:65536:${out}`, 'finir']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    cards.push(insertCard());
    const run = await reading;
    expect(run.steps, run.stderr).toEqual([
      { step: 'init', ret: E.OK, err: E.OK, mode: MODE.PCSC },
      { step: 'read', ret: E.OK, err: E.OK, state: CARD.READ, length: expect.any(Number) },
      { step: 'finir', ret: E.OK, err: E.OK },
    ]);
    const cli = await cliRead(dir);
    expect(cli.code, cli.stderr).toBe(0);
    expect(readFileSync(out).equals(cli.stdout)).toBe(true);
    // A family card: every person is in the document.
    expect(cli.stdout.toString('latin1').match(/<T_AsnBeneficiaire>/g)?.length).toBeGreaterThan(1);
  });

  it('reads a card already in the reader without waiting (wait 0)', async () => {
    cards.push(insertCard());
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const run = await probe([`init:${pcscIni()}`, 'read:0:65536', 'finir']);
    expect(run.steps[1], run.stderr).toMatchObject({ ret: E.OK, state: CARD.READ });
  });

  it('reports no card at the end of the wait', async () => {
    const started = Date.now();
    const run = await probe([`init:${pcscIni()}`, 'read:1:65536', 'finir']);
    expect(run.steps[1]).toEqual({
      step: 'read',
      ret: E.NO_CARD,
      err: E.NO_CARD,
      state: CARD.ABSENT,
      length: 0,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('reports a card pulled out during the read', async () => {
    cards.push(insertCard('--remove-after', '3'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const run = await probe([`init:${pcscIni()}`, 'read:5:65536', 'finir']);
    expect(run.steps[1]).toMatchObject({ ret: E.CARD_REMOVED, state: CARD.REMOVED });
  });
});
