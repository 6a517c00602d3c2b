import { execFile } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { insertMinimalCard } from './minimal-card.js';

const run = promisify(execFile);
const stack = process.env.OPENVITALE_PCSCD === '1';
if (process.env.CI && !stack) throw new Error('CI must run the tests through scripts/with-pcscd.sh');

const READER = 'Virtual PCD 00 00';
const ATR = Uint8Array.from([0x3b, 0x02, 0x14, 0x50]);

// Never block this process: the card lives in it and must keep answering pcscd.
async function openscTool(...args: string[]): Promise<string> {
  const { stdout } = await run('opensc-tool', ['--reader', READER, ...args], { timeout: 10_000 });
  return stdout;
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if (await check()) return;
    await delay(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const cardPresent = async () => (await run('opensc-tool', ['--list-readers'])).stdout.includes(`Yes`);

describe.skipIf(!stack)('pcscd + vpcd stack', () => {
  let card: Awaited<ReturnType<typeof insertMinimalCard>> | undefined;
  afterEach(() => card?.destroy());

  it('sees the virtual readers, a card inserted through vpcd, its ATR and its answers, then its removal', async () => {
    const readers = (await run('opensc-tool', ['--list-readers'])).stdout;
    expect(readers).toContain('Virtual PCD 00 00');
    expect(readers).toContain('Virtual PCD 00 01');

    const seen: string[] = [];
    card = await insertMinimalCard(35963, ATR, (apdu) => {
      seen.push(Buffer.from(apdu).toString('hex'));
      return Uint8Array.from([0xca, 0xfe, 0x90, 0x00]);
    });
    await waitFor(cardPresent, 'the card to be seen');
    expect(await openscTool('--atr')).toMatch(/3b:02:14:50/i);
    expect(await openscTool('--send-apdu', '00:B0:00:00:02')).toMatch(/CA FE/i);
    expect(seen).toContain('00b0000002');

    card.destroy();
    await waitFor(async () => !(await cardPresent()), 'the removal to be seen');
  });
});
