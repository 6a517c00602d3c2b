// A CommonJS TypeScript consumer: static imports compile to require(),
// which loads the packages' CommonJS entries; reads the bundled demo card.
import type { Card } from '@openvitale/decoder';
import { toXmlString } from '@openvitale/format';
import { ReadError, readIdentification } from '@openvitale/reader';
import { bundledProfile, openVirtualCard } from '@openvitale/virtual-card';

async function main(): Promise<void> {
  const transport = await openVirtualCard(await bundledProfile('demo'));
  try {
    const card: Card = (await readIdentification(transport)).card;
    process.stdout.write(toXmlString(card));
  } finally {
    await transport.close();
  }
}

main().catch((error: unknown) => {
  console.error(ReadError.isInstance(error) ? `${error.code}: ${error.message}` : error);
  process.exitCode = 1;
});
