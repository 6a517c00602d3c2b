import * as agent from '@openvitale/agent';
import { anonymiseTrace } from '@openvitale/cli';
import * as decoder from '@openvitale/decoder';
import { isOpenVitaleError, withAction } from '@openvitale/errors';
import * as format from '@openvitale/format';
import * as reader from '@openvitale/reader';
import * as transport from '@openvitale/transport';
import * as galss from '@openvitale/transport-galss';
import * as pcsc from '@openvitale/transport-pcsc';
import * as virtualCard from '@openvitale/virtual-card';
import { describe, expect, it } from 'vitest';

/** What a call threw (it must throw). */
async function thrown(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

const card = async () =>
  (await reader.readCard(await virtualCard.openVirtualCard(await virtualCard.bundledProfile('demo')))).card;

/** One failing public call per package, each error of another class or code. */
const FAILURES: Readonly<Record<string, () => unknown>> = {
  'transport: fromHex': () => transport.fromHex('3B 7'),
  'transport: encodeCommand': () => transport.encodeCommand({ cla: 0x100, ins: 0xa4, p1: 0, p2: 0 }),
  'transport: parseTrace': () => transport.parseTrace('not a trace'),
  'transport: send': () =>
    transport.send({ transmit: async () => Uint8Array.of(0x6a, 0x82) }, { cla: 0, ins: 0xa4, p1: 4, p2: 0 }),
  'decoder: decodeCard strict': () =>
    decoder.decodeCard(
      {
        atr: new Uint8Array(0),
        generation: 'vitale-2',
        files: [{ kind: 'identity', location: {}, status: 'read', data: Uint8Array.of(0x65, 0x09) }],
      },
      { strict: true },
    ),
  'decoder: encodeTlv': () => decoder.encodeTlv([{ tag: 0 }]),
  'format: parseXml': () => format.parseXml('<autre/>'),
  'format: toXml of a name outside Latin-1': async () => {
    const read = await card();
    const [first, ...rest] = read.persons;
    const renamed = { ...first!, surname: { ...first!.surname!, value: 'ŒUVRE' } };
    return format.toXml({ ...read, persons: [renamed, ...rest] });
  },
  'reader: parseConfig': () => reader.parseConfig('Couleur=bleu\n'),
  'reader: readNextCard without a reader': () =>
    reader.readNextCard(new virtualCard.VirtualTransportProvider({ readers: [] })),
  'reader: ApiLec.init': () => reader.ApiLec.init('/nowhere/'),
  'virtual-card: parseProfile': () => virtualCard.parseProfile({ type: 'vitale2' }),
  'virtual-card: checkFaults': () => virtualCard.checkFaults([{ type: 'mute', apdu: 0 }]),
  'transport-pcsc: open': async () => {
    const provider = pcsc.createPcscProvider();
    try {
      return await provider.open('no reader has this name', { signal: AbortSignal.timeout(5_000) });
    } finally {
      await provider.close();
    }
  },
  'transport-galss: parseGalssIni': () => galss.parseGalssIni('[CANAL1]\nTCanal=9\n'),
  'transport-galss: listReaders without the library': () =>
    new galss.GalssTransportProvider({ clientLibrary: '/nowhere/libgalcllux.so' }).listReaders(),
  'agent: startAgent off loopback': () => agent.startAgent({ host: '0.0.0.0' }),
  'cli: anonymiseTrace of a Vitale 1 card': () =>
    anonymiseTrace({ version: 1, records: [] }, { generation: 'vitale-1' } as decoder.Card),
};

describe('one error family across every package', () => {
  it('every package that exports the check exports the same one', () => {
    for (const module of [agent, decoder, format, reader, transport, virtualCard]) {
      expect(module.isOpenVitaleError).toBe(isOpenVitaleError);
    }
  });

  it.each(Object.entries(FAILURES))('%s', async (_, call) => {
    const error = await thrown(call);
    expect(isOpenVitaleError(error), String(error)).toBe(true);
    if (!isOpenVitaleError(error)) return;
    expect(error.code).toMatch(/^[A-Z0-9_]+$/);
    expect(error.summary).not.toBe('');
    expect(error.action).not.toBe('');
    expect(error.message).toBe(withAction(error.summary, error.action));
    expect(error.message).not.toMatch(/[.;,]\s*[.:;,]|:\s*[.;,]|:\s+:|openvitale (doctor|readers)/);
    if (error.detail !== undefined) expect(error.message).not.toContain(error.detail);
  });
});
