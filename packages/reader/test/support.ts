import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CardProfile,
  loadProfile,
  type RunnerOptions,
  VirtualTransportProvider,
} from '@openvitale/virtual-card';

export const FIXTURES = new URL('../../../fixtures/cards/', import.meta.url);

export function profile(name: string): Promise<CardProfile> {
  return loadProfile(new URL(`${name}.json`, FIXTURES));
}

/** A provider with one reader holding the named fixture card. */
export async function cardIn(name: string, options: RunnerOptions = {}, reader = 'Reader') {
  const provider = new VirtualTransportProvider({ readers: [reader], muteTimeoutMs: 200 });
  const runner = provider.insert(reader, await profile(name), options);
  return { provider, runner, open: () => provider.open(reader) };
}

/** A folder holding `ini` as its `api_lec.ini`, CRLF and Latin-1 as a Windows site writes it, for `ApiLec.init`. */
export async function site(ini: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'api-lec-'));
  await writeFile(join(dir, 'api_lec.ini'), ini.replace(/\n/g, '\r\n'), 'latin1');
  return dir;
}
