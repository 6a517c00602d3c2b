/**
 * `node dist/two-readers-child.js <a.json> <b.json> <rounds>`: the two-reader
 * measurement in a process of its own, so that a hang on vpcd's two slots
 * cannot stop the rest of the bench. Prints the results as one JSON line.
 */
import { createPcscProvider } from '@openvitale/transport-pcsc';
import { measureTwoReaders } from './stack/two-readers.js';

const [a = '', b = '', rounds = '10'] = process.argv.slice(2);
const provider = createPcscProvider({ pollIntervalMs: 200 });
const results = await measureTwoReaders(provider, [a, b], Number(rounds));
await provider.close();
console.log(JSON.stringify(results));
process.exit(0);
