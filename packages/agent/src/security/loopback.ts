import { AgentError } from '../errors.js';

/** The only addresses the agent listens on: nothing beyond this machine (architecture §6). */
export const LOOPBACK_ADDRESSES = ['127.0.0.1', '::1'] as const;
export type LoopbackAddress = (typeof LOOPBACK_ADDRESSES)[number];

/** Accepts `127.0.0.1`, `::1` (also written `[::1]`) and `localhost` (as 127.0.0.1); refuses the rest. */
export function loopbackAddress(host: string): LoopbackAddress {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare === 'localhost') return '127.0.0.1';
  if ((LOOPBACK_ADDRESSES as readonly string[]).includes(bare)) return bare as LoopbackAddress;
  throw new AgentError(
    'NOT_LOOPBACK',
    `The agent listens on loopback only, not on "${host}" (any other address would expose the card reader to the network)`,
  );
}

/** The names a browser on this machine may use for the agent, as they appear in `Host` and `Origin`. */
export function loopbackNames(): readonly string[] {
  return ['127.0.0.1', 'localhost', '[::1]'];
}
