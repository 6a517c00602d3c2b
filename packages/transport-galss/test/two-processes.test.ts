import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fromHex } from '@openvitale/transport';
import { loadProfile } from '@openvitale/virtual-card';
import { exchangesOutsideExclusivity, exclusivityGrantedTwice } from '@openvitale-tools/galss-mock';
import { describe, expect, it } from 'vitest';
import { openGalssTransport } from '../src/index.js';
import { insertCard, LIBRARIES, RULES, settle, startMock } from './support.js';

const CONTENDER = fileURLToPath(new URL('./contender.mjs', import.meta.url));

/** Runs the other application; resolves its output lines once it printed `ready`, then when it ends. */
function contender(holdMs: number) {
  const child = spawn(process.execPath, [CONTENDER, LIBRARIES.clientLibrary, 'Vitale', String(holdMs)], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  let onReady: () => void;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n').filter(Boolean)) {
      lines.push(line);
      if (line === 'ready') onReady();
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<string[]>((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 ? resolve(lines) : reject(new Error(`contender exited ${code}: ${stderr}`)),
    ),
  );
  return { ready: Promise.race([ready, done.then(() => undefined)]), done };
}

describe.each(RULES)(
  'two processes contend for the exclusivity of one LAD (without it: %s)',
  (exclusivity) => {
    it('both complete, their exclusive windows never overlap', async () => {
      const mock = await startMock({ exclusivity });
      const profile = await loadProfile(
        new URL('../../../fixtures/cards/vitale2-single.json', import.meta.url),
      );
      const card = await insertCard(mock, 'Vitale', profile);
      await settle();
      try {
        const other = contender(150);
        await other.ready;
        // Ours holds the LAD from open to close: that is its exclusive window.
        const ours = (async () => {
          const transport = await openGalssTransport({ ...LIBRARIES, exclusivityRetryMs: 10 });
          const response = await transport.session((channel) =>
            channel.transmit(fromHex('00A4040C0BD250000002564954414C45')),
          );
          await new Promise((r) => setTimeout(r, 150));
          await transport.close();
          return response;
        })();
        const [response, lines] = await Promise.all([ours, other.done]);
        expect(response).toEqual(Uint8Array.of(0x90, 0x00));
        const done = JSON.parse(lines.find((l) => l.startsWith('done '))!.slice(5)) as {
          cr: number;
          sw: number[];
        };
        expect(done).toMatchObject({ cr: 0, sw: [0x90, 0x00] });
        // The windows are checked on the mock's timeline, not on two processes' clocks.
        expect(exclusivityGrantedTwice(mock.calls)).toEqual([]);
        expect(exchangesOutsideExclusivity(mock.calls)).toEqual([]);
      } finally {
        await card.close();
        await mock.close();
      }
    });
  },
);
