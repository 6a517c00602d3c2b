// The api_lec facade as a site migrating from the closed API uses it:
// ApiLec.init(folder of api_lec.ini), one identification read, finish. With
// a profile, the card sits in an in-process virtual reader named as the
// reader argument; with "-", the provider is the one the ini's Mode names.
// Writes result.xml (the XML, when read) and result.json (the parsed config,
// the card state, the error, the NiveauTrace log lines) to the output folder.
//   node facade.mjs <ini folder> <profile|-> <reader name> <output folder>
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiLec } from '@openvitale/reader';
import { loadProfile, VirtualTransportProvider } from '@openvitale/virtual-card';

const [folder, profile, reader, out] = process.argv.slice(2);
await mkdir(out, { recursive: true });
const log = [];
const options = { log: (line) => log.push(line) };
if (profile !== '-') {
  const provider = new VirtualTransportProvider({ readers: [reader] });
  provider.insert(reader, await loadProfile(profile));
  options.provider = provider;
}
const api = await ApiLec.init(folder, options);
const result = await api.readIdentification(2);
await api.finish();
if (result.ok) await writeFile(join(out, 'result.xml'), result.xml);
const error = result.ok
  ? null
  : { code: result.error.code, step: result.error.step, message: result.error.message };
const summary = { config: api.config, cardState: result.cardState, error, log };
await writeFile(join(out, 'result.json'), `${JSON.stringify(summary, null, 2)}\n`);
