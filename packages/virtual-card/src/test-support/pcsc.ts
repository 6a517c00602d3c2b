import { execFile } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import pcsc from 'smartcard';

export const stack = process.env.OPENVITALE_PCSCD === '1';
if (process.env.CI && !stack) throw new Error('CI must run the tests through scripts/with-pcscd.sh');

export const READERS = { 35963: 'Virtual PCD 00 00', 35964: 'Virtual PCD 00 01' } as const;
export { pcsc };

const run = promisify(execFile);

/** Never a sync call: the card lives in this process and must keep answering pcscd. */
export async function openscTool(reader: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('opensc-tool', ['--reader', reader, ...args], { timeout: 10_000 });
  return stdout;
}

/** Waits until pcscd sees (or no longer sees) a card in `reader`; returns its ATR. */
export async function waitForCard(
  context: InstanceType<typeof pcsc.Context>,
  reader: string,
  present: boolean,
): Promise<Buffer | null> {
  for (let i = 0; i < 60; i++) {
    const found = context.listReaders().find((r) => r.name.startsWith(reader));
    const isPresent = found !== undefined && (found.state & pcsc.SCARD_STATE_PRESENT) !== 0;
    if (isPresent === present) return found?.atr ?? null;
    await delay(100);
  }
  throw new Error(`timed out waiting for ${present ? 'a card in' : 'the removal from'} ${reader}`);
}

export async function connect(context: InstanceType<typeof pcsc.Context>, reader: string) {
  const found = context.listReaders().find((r) => r.name.startsWith(reader));
  if (!found) throw new Error(`no reader ${reader}`);
  return found.connect(pcsc.SCARD_SHARE_SHARED, pcsc.SCARD_PROTOCOL_T0);
}
