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
