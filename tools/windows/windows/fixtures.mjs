// Reads every card profile of a folder in the in-process virtual reader with
// the full read, as the goldens of fixtures/expected are made, and writes
// <name>.xml and <name>.json, or <name>.error (the read's error code) for a
// card that is not a carte Vitale, to the output folder.
//   node fixtures.mjs <cards folder> <output folder>
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toJsonString, toXml } from '@openvitale/format';
import { ReadError, readCard } from '@openvitale/reader';
import { loadProfile, VirtualTransportProvider } from '@openvitale/virtual-card';

const [cards, out] = process.argv.slice(2);
await mkdir(out, { recursive: true });
for (const file of (await readdir(cards)).filter((f) => f.endsWith('.json')).sort()) {
  const name = file.slice(0, -'.json'.length);
  const provider = new VirtualTransportProvider({ readers: ['Reader'], muteTimeoutMs: 200 });
  provider.insert('Reader', await loadProfile(join(cards, file)));
  try {
    const { card } = await readCard(await provider.open('Reader'));
    await writeFile(join(out, `${name}.xml`), toXml(card));
    await writeFile(join(out, `${name}.json`), toJsonString(card));
  } catch (error) {
    if (!ReadError.isInstance(error)) throw error;
    await writeFile(join(out, `${name}.error`), error.code);
  }
}
