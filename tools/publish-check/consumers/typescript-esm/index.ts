// An ES-module TypeScript consumer: types only (a read needs a reader).
import type { Card } from '@openvitale/decoder';
import { type CardDocument, toJson, toXmlString } from '@openvitale/format';
import { type CardRead, ReadError, readNextCard } from '@openvitale/reader';
import { TransportError } from '@openvitale/transport';
import { createPcscProvider } from '@openvitale/transport-pcsc';

export async function readOnce(): Promise<{ xml: string; json: CardDocument } | string> {
  const provider = createPcscProvider();
  try {
    const read: CardRead = await readNextCard(provider, { scope: 'identification', waitTimeoutMs: 60_000 });
    const card: Card = read.card;
    return { xml: toXmlString(card), json: toJson(card) };
  } catch (error) {
    if (ReadError.isInstance(error) || TransportError.isInstance(error))
      return `${error.code}: ${error.message}`;
    throw error;
  } finally {
    await provider.close();
  }
}
