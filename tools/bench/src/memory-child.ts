/**
 * Run as `node --expose-gc dist/memory-child.js <profile.json> <reads>`: a
 * `watchCards` loop over an in-process virtual reader, the card inserted and
 * removed for every read; prints heap and RSS (after two full GCs) every
 * 1,000 reads as one JSON line.
 */
import { watchCards } from '@openvitale/reader';
import { loadProfile, VirtualTransportProvider } from '@openvitale/virtual-card';

const [file, total = '10000'] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!file || !gc) throw new Error('usage: node --expose-gc memory-child.js <profile.json> [reads]');

const profile = await loadProfile(file);
const reader = 'Virtual Reader 0';
const provider = new VirtualTransportProvider({ readers: [reader] });
const controller = new AbortController();
const events = watchCards(provider, { signal: controller.signal })[Symbol.asyncIterator]();

async function until(type: string): Promise<void> {
  for (;;) {
    const { value, done } = await events.next();
    if (done) throw new Error('the watch ended');
    if (value.type === 'read-error') throw new Error(`read failed: ${value.error.code}`);
    if (value.type === type) return;
  }
}

const samples: { reads: number; heapUsed: number; rss: number }[] = [];
const started = performance.now();
await until('reader-added');
for (let reads = 1; reads <= Number(total); reads++) {
  provider.insert(reader, profile);
  await until('read-result');
  provider.remove(reader);
  await until('card-removed');
  if (reads % 1000 === 0) {
    gc();
    gc();
    const { heapUsed, rss } = process.memoryUsage();
    samples.push({ reads, heapUsed, rss });
  }
}
controller.abort();
console.log(JSON.stringify({ samples, ms: performance.now() - started }));
