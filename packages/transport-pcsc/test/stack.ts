import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import type { CardProfile } from '@openvitale/virtual-card';
import { loadProfile } from '@openvitale/virtual-card';
import { insertIntoVpcd, type VpcdCard } from '@openvitale/virtual-card/vpcd';

export const stack = process.env.OPENVITALE_PCSCD === '1';
if (process.env.CI && !stack) throw new Error('CI must run the tests through scripts/with-pcscd.sh');

export const READER_0 = 'Virtual PCD 00 00';
export const READER_1 = 'Virtual PCD 00 01';
export const PORTS = { [READER_0]: 35963, [READER_1]: 35964 } as const;

export const profile = (name: string): Promise<CardProfile> =>
  loadProfile(new URL(`../../../fixtures/cards/${name}.json`, import.meta.url));

/** Inserts a card, retrying while vpcd is not listening yet (pcscd just started). */
export async function insert(card: CardProfile, reader: keyof typeof PORTS): Promise<VpcdCard> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await insertIntoVpcd(card, { port: PORTS[reader] });
    } catch (error) {
      if (attempt > 50) throw error;
      await delay(100);
    }
  }
}

export async function waitFor(
  check: () => Promise<boolean> | boolean,
  what: string,
  ms = 8000,
): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await delay(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A pcscd started by a test in place of the one scripts/with-pcscd.sh
 * started. It outlives the test process, so that the packages tested after
 * this one find a pcscd as they expect; scripts/with-pcscd.sh stops it
 * through its PID file.
 */
export async function startPcscd(): Promise<ChildProcess> {
  const child = spawn('pcscd', ['--foreground', '--debug'], { stdio: 'ignore', detached: true });
  child.unref();
  await waitFor(() => existsSync('/run/pcscd/pcscd.comm'), 'pcscd to start');
  return child;
}

export async function stopPcscd(pid: number): Promise<void> {
  try {
    process.kill(pid);
  } catch {
    return;
  }
  await waitFor(() => !existsSync('/run/pcscd/pcscd.comm'), 'pcscd to stop');
}
