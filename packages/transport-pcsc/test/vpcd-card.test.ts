import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fromHex, send, toHex } from '@openvitale/transport';
import { insertIntoVpcd, type VpcdCard } from '@openvitale/virtual-card/vpcd';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createPcscProvider } from '../src/index.js';
import { profile, READER_0, READER_1, stack, waitFor } from './stack.js';

const VITALE = 'D250000002564954414C45';
const MF_VITALE = 'D2500000024D465F564954414C45';
const hex = (b: Uint8Array) => toHex(b, ' ');
const run = promisify(execFile);
const VIRTUAL_CARD_CLI = fileURLToPath(new URL('../../virtual-card/dist/cli.js', import.meta.url));

/** Never a sync call: the card lives in this process and must keep answering pcscd. */
async function openscTool(reader: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('opensc-tool', ['--reader', reader, ...args], { timeout: 10_000 });
  return stdout;
}

// The virtual card's vpcd connector, seen through pcscd by this package's raw transmit (no chaining).
describe.skipIf(!stack)('the virtual card in vpcd, through pcscd and this transport', () => {
  const provider = createPcscProvider();
  const cards: VpcdCard[] = [];
  const present = async (reader: string, yes = true) =>
    (await provider.listReaders()).some((r) => r.name === reader && (r.card !== null) === yes);
  const seen = (reader: string) => waitFor(() => present(reader), `a card in ${reader}`);
  const gone = (reader: string) => waitFor(() => present(reader, false), `the removal from ${reader}`);
  afterEach(async () => {
    await Promise.all(cards.splice(0).map((c) => c.close()));
    // pcscd sees a removal at its next presence poll: a test starting before then would find the old card.
    await gone(READER_0);
    await gone(READER_1);
  });
  afterAll(() => provider.close());

  it('is seen with its ATR, answers the three reading paths with GET RESPONSE chaining, then leaves and comes back', async () => {
    const card = await insertIntoVpcd(await profile('vitale2-single'), { port: 35963 });
    cards.push(card);
    expect(card.quickAck).toBe(true);
    await seen(READER_0);
    const listed = (await provider.listReaders()).find((r) => r.name === READER_0);
    expect(hex(listed!.card!.atr)).toBe('3B 75 13 00 00 47 09 EA 90 00');
    const transport = await provider.open(READER_0);
    const tx = async (command: string) => hex(await transport.transmit(fromHex(command)));
    // Rufus
    expect(await tx('00 A4 00 00 02 3F 00')).toMatch(/^61 /);
    const identity = await tx('00 B0 82 00 00');
    expect(identity).toMatch(/^65 .* 62 82$/);
    expect(await tx(`00 A4 04 00 0B ${VITALE}`)).toMatch(/^61 /);
    expect(await tx('00 B0 82 00 00')).toMatch(/^65 11 93 0F .* 62 82$/);
    // The Node.js reader
    expect(await tx(`00 A4 04 00 0E ${MF_VITALE} 00`)).toMatch(/^61 /);
    expect(await tx('00 A4 02 00 02 D0 01 00')).toBe('61 1E');
    expect(await tx('00 C0 00 00 1E')).toMatch(/^62 1C .* 90 00$/);
    expect((await tx('00 B0 00 00 7C')).startsWith(identity.slice(0, -6))).toBe(true);
    // cardpeek's first steps
    expect(await tx(`00 A4 04 0C 0B ${VITALE}`)).toBe('90 00');
    expect(await tx('00 A4 02 0C 02 20 01')).toBe('90 00');
    expect(await tx('00 B0 00 00 00')).toMatch(/^E0 .* 62 82$/);
    // The project's own T=0 chaining over pcscd: 61 xx, then GET RESPONSE with the same CLA.
    const fci = await send(transport, { cla: 0, ins: 0xa4, p1: 4, p2: 0, data: fromHex(VITALE), le: 256 });
    expect(fci.data[0]).toBe(0x6f);
    expect(card.runner.refused).toHaveLength(0);
    expect(card.runner.formatTrace()).toContain('> 00 C0 00 00 1E');
    await transport.close();

    await card.close();
    await gone(READER_0);
    cards.push(await insertIntoVpcd(await profile('vitale2-single'), { port: 35963 }));
    await seen(READER_0);
    await using second = await provider.open(READER_0);
    expect(hex(await second.transmit(fromHex(`00 A4 04 0C 0B ${VITALE}`)))).toBe('90 00');
  });

  it('serves a Vitale 1 on the second port (35964), and opensc-tool sees its ATR', async () => {
    cards.push(await insertIntoVpcd(await profile('vitale1-scot'), { port: 35964 }));
    await seen(READER_1);
    expect(await openscTool(READER_1, '--atr')).toMatch(/3f:65:25:00:2c:09:69:90:00/i);
    await using transport = await provider.open(READER_1);
    expect(hex(await transport.transmit(fromHex('BC C0 00 00 08')))).toBe('21 88 02 00 02 88 00 01 90 00');
    expect(hex(await transport.transmit(fromHex('00 A4 04 00 02 3F 00')))).toBe('6E 00');
    expect((await transport.transmit(fromHex('BC B0 02 00 40'))).length).toBe(66);
  });

  it('a remove-after fault takes the card out: pcscd sees the removal and the next transmit fails', async () => {
    const card = await insertIntoVpcd(await profile('vitale2-single'), {
      port: 35963,
      faults: [{ type: 'remove-after', apdu: 1 }],
    });
    cards.push(card);
    await seen(READER_0);
    await using transport = await provider.open(READER_0);
    expect(hex(await transport.transmit(fromHex(`00 A4 04 0C 0B ${VITALE}`)))).toBe('90 00');
    await card.closed;
    await expect(transport.transmit(fromHex('00 B0 82 00 00'))).rejects.toMatchObject({
      code: 'CARD_REMOVED',
    });
  });

  it("the virtual card's CLI inserts a bundled profile, is read through pcscd, and exits 0 after --remove-after", async () => {
    const child = spawn(
      process.execPath,
      [VIRTUAL_CARD_CLI, '--profile', 'demo', '--vpcd-port', '35964', '--remove-after', '1'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = once(child, 'exit');
    await seen(READER_1);
    await using transport = await provider.open(READER_1);
    expect(hex(await transport.transmit(fromHex(`00 A4 04 0C 0B ${VITALE}`)))).toBe('90 00');
    const [code] = await exited;
    expect(code).toBe(0);
    expect(output).toMatch(/vitale2 card inserted on vpcd port 35964[\s\S]*removed after 1 APDU/);
  });
});
