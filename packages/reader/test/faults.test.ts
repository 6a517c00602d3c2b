import type { VirtualTransportProvider } from '@openvitale/virtual-card';
import { describe, expect, it } from 'vitest';
import { ReadError, readIdentification, readNextCard } from '../src/index.js';
import { cardIn, profile } from './support.js';

async function readError(promise: Promise<unknown>): Promise<ReadError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!ReadError.isInstance(error)) throw new Error(`expected a ReadError, got ${String(error)}`);
  return error;
}

/** Reads a good card again on the same provider and reader: the fault left nothing behind. */
async function expectNextReadSucceeds(provider: VirtualTransportProvider) {
  provider.remove('Reader');
  provider.insert('Reader', await profile('vitale2-single'));
  const read = await readNextCard(provider, { waitTimeoutMs: 1000 });
  expect(read.card.persons).toHaveLength(1);
}

describe('a card pulled during an identification read', () => {
  // The standard layout's identification read takes 4 APDUs.
  it.each([1, 2, 3, 4])('before APDU %i: CARD_REMOVED naming the step, no partial result', async (apdu) => {
    const { provider, open } = await cardIn('vitale2-single', { faults: [{ type: 'remove-before', apdu }] });
    const error = await readError(readIdentification(await open()));
    expect(error.code).toBe('CARD_REMOVED');
    expect(error.step).toBe(apdu <= 2 ? 'read-nir' : 'read-identity');
    expect(error.reader).toBe('Reader');
    expect(error.message).toMatch(/leave the card in the reader/);
    await expectNextReadSucceeds(provider);
  });

  it('after the last APDU: the read completed, so it succeeds', async () => {
    const { open } = await cardIn('vitale2-single', { faults: [{ type: 'remove-after', apdu: 4 }] });
    const read = await readIdentification(await open());
    expect(read.apdus).toBe(4);
  });
});

describe('faults', () => {
  it('a mute card: CARD_MUTE, then the next card reads', async () => {
    const { provider, open } = await cardIn('vitale2-single', { faults: [{ type: 'mute', apdu: 2 }] });
    const error = await readError(readIdentification(await open()));
    expect(error.code).toBe('CARD_MUTE');
    expect(error.message).toMatch(/does not answer/);
    await expectNextReadSucceeds(provider);
  });

  it('a card slower than the read deadline: TIMEOUT', async () => {
    const { open } = await cardIn('vitale2-single', { faults: [{ type: 'late', apdu: 1, ms: 500 }] });
    const error = await readError(readIdentification(await open(), { timeoutMs: 100 }));
    expect(error.code).toBe('TIMEOUT');
  });

  it('an aborted read: ABORTED, then the next card reads', async () => {
    const { provider, open } = await cardIn('vitale2-single', {
      faults: [{ type: 'late', apdu: 2, ms: 200 }],
    });
    const transport = await open();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await readError(readIdentification(transport, { signal: controller.signal }));
    expect(error.code).toBe('ABORTED');
    await expectNextReadSucceeds(provider);
  });

  it('a card slower than the read deadline: TIMEOUT, then the next card reads', async () => {
    const { provider, open } = await cardIn('vitale2-single', {
      faults: [{ type: 'late', apdu: 3, ms: 300 }],
    });
    const error = await readError(readIdentification(await open(), { timeoutMs: 100 }));
    expect(error.code).toBe('TIMEOUT');
    expect(error.step).toBe('read-identity');
    await expectNextReadSucceeds(provider);
  });

  it('an unexpected status word on a shortcut falls back, and the read stays correct', async () => {
    const { open } = await cardIn('vitale2-single', { faults: [{ type: 'status', apdu: 2, sw: 0x6a82 }] });
    const read = await readIdentification(await open());
    expect(read.card.persons).toHaveLength(1);
    expect(read.card.persons[0]?.surname?.value).toBeTruthy();
  });

  it('a corrupted response is decoded with diagnostics, and strict mode rejects it', async () => {
    const { open } = await cardIn('vitale2-single', {
      faults: [{ type: 'corrupt', apdu: 2, offset: 1, xor: 0x7f }],
    });
    const error = await readError(readIdentification(await open(), { strict: true }));
    expect(error.code).toBe('DECODE');
    expect(error.step).toBe('decode');
  });

  it('a corrupted identity leaves a person without a name: DECODE with the diagnostics, not a clean read', async () => {
    const { open } = await cardIn('vitale2-single', {
      // APDU 4: the identity file's READ BINARY (the NIR side is read first).
      faults: [{ type: 'corrupt', apdu: 4, offset: 1, xor: 0x7f }],
    });
    const error = await readError(readIdentification(await open()));
    expect(error).toMatchObject({ code: 'DECODE', step: 'decode' });
    expect(error.message).toMatch(/person 1 has no name and no birth date/);
    expect(error.message).toMatch(/TLV_LENGTH_OVERFLOW at files\[\d\]\/65/);
    // The advice is what helps here: `strict` plays no part in this check.
    expect(error.action).toMatch(/reinsert the card and read it again/);
    expect(error.message).not.toMatch(/strict/);
    expect(error.diagnostics.map((d) => d.code)).toContain('TLV_LENGTH_OVERFLOW');
  });

  // Every byte of every answer of an identification read flipped in turn: a read either gives
  // every person with a name and a birth date, or fails; never a partial result passed off as complete.
  it('never returns a person without a name or a birth date, whatever byte is corrupted', async () => {
    let failed = 0;
    for (let apdu = 1; apdu <= 4; apdu++) {
      for (let offset = 0; offset < 40; offset++) {
        const { open } = await cardIn('vitale2-single', { faults: [{ type: 'corrupt', apdu, offset }] });
        try {
          const read = await readIdentification(await open());
          expect(read.card.persons.length).toBeGreaterThan(0);
          for (const person of read.card.persons) {
            expect(person.surname).not.toBeNull();
            expect(person.birthDate).not.toBeNull();
          }
        } catch (error) {
          if (!ReadError.isInstance(error)) throw error;
          failed++;
        }
      }
    }
    expect(failed).toBeGreaterThan(0);
  });

  it('a card swapped between two reads: each read gives its own card', async () => {
    const { provider, open } = await cardIn('vitale2-single');
    const first = await readIdentification(await open());
    provider.remove('Reader');
    provider.insert('Reader', await profile('vitale2-family'));
    const second = await readIdentification(await open());
    expect(first.card.persons).toHaveLength(1);
    expect(second.card.persons.length).toBeGreaterThan(1);
  });

  it('a transport used after its card was swapped fails: CARD_REMOVED', async () => {
    const { provider, open } = await cardIn('vitale2-single');
    const transport = await open();
    provider.remove('Reader');
    provider.insert('Reader', await profile('vitale2-family'));
    const error = await readError(readIdentification(transport));
    expect(error.code).toBe('CARD_REMOVED');
  });

  it.each([
    ['cps', /health-professional card \(CPS\), not a Vitale card/],
    ['unknown-bull-scot5', /unknown card, not a Vitale card \(ATR 3F 65 25 00 2B 09 EB 90 00\)/],
  ])('%s: NOT_VITALE with a sentence a person understands', async (name, message) => {
    const { provider, open } = await cardIn(name);
    const error = await readError(readIdentification(await open()));
    expect(error.code).toBe('NOT_VITALE');
    expect(error.message).toMatch(message);
    await expectNextReadSucceeds(provider);
  });

  it('rejects an unknown option by name', async () => {
    const { open } = await cardIn('vitale2-single');
    const transport = await open();
    await expect(readIdentification(transport, { timeout: 5 } as never)).rejects.toThrow(
      /unknown option "timeout"/,
    );
  });
});
