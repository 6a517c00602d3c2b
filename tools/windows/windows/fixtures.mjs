// Reads every card profile of a folder in the in-process virtual reader, as
// the goldens of fixtures/expected are made, and writes to the output folder:
// the full read as <name>.full.extended.xml and <name>.full.json, the
// identification read as <name>.xml (the official profile) and <name>.json;
// a read that fails (not a carte Vitale; a Vitale 1 has no identification
// read) writes <name>.full.error or <name>.error, the read's error code.
//   node fixtures.mjs <cards folder> <output folder>
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toJsonString, toXml } from '@openvitale/format';
import { ReadError, readCard, readIdentification } from '@openvitale/reader';
import { loadProfile, VirtualTransportProvider } from '@openvitale/virtual-card';

const [cards, out] = process.argv.slice(2);
await mkdir(out, { recursive: true });

async function read(file, procedure, base, xmlOptions) {
  const provider = new VirtualTransportProvider({ readers: ['Reader'], muteTimeoutMs: 200 });
  provider.insert('Reader', await loadProfile(join(cards, file)));
  try {
    const { card } = await procedure(await provider.open('Reader'));
    const xml = xmlOptions.profile === 'extended' ? `${base}.extended.xml` : `${base}.xml`;
    await writeFile(join(out, xml), toXml(card, xmlOptions));
    await writeFile(join(out, `${base}.json`), toJsonString(card));
  } catch (error) {
    if (!ReadError.isInstance(error)) throw error;
    await writeFile(join(out, `${base}.error`), error.code);
  }
}

for (const file of (await readdir(cards)).filter((f) => f.endsWith('.json')).sort()) {
  const name = file.slice(0, -'.json'.length);
  await read(file, readCard, `${name}.full`, { profile: 'extended' });
  await read(file, readIdentification, name, {});
}
