import { AgentError } from '../errors.js';

/** The only addresses the agent listens on: nothing beyond this machine may reach the card reader. */
export const LOOPBACK_ADDRESSES = ['127.0.0.1', '::1'] as const;
export type LoopbackAddress = (typeof LOOPBACK_ADDRESSES)[number];

/** Where to listen: `::1` may be missing from a machine without IPv6 unless it was asked for by name. */
export interface ListenPlan {
  readonly addresses: readonly LoopbackAddress[];
  readonly ipv6Optional: boolean;
}

/**
 * The loopback addresses a `host` option asks for. By default (and for
 * `localhost`) both 127.0.0.1 and ::1: a browser may reach `localhost`
 * through either, and an address the agent leaves free is one another local
 * user can listen on, on the agent's port, with a look-alike page. `127.0.0.1`
 * or `::1` (also `[::1]`) asks for that one alone; anything else is refused.
 */
export function listenPlan(host: string | undefined): ListenPlan {
  if (host === undefined || host === 'localhost')
    return { addresses: LOOPBACK_ADDRESSES, ipv6Optional: true };
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if ((LOOPBACK_ADDRESSES as readonly string[]).includes(bare)) {
    return { addresses: [bare as LoopbackAddress], ipv6Optional: false };
  }
  throw new AgentError(
    'NOT_LOOPBACK',
    `The agent listens on loopback only, not on "${host}" (any other address would expose the card reader to the network)`,
  );
}

/**
 * The names a browser on this machine may use for the agent, as they appear
 * in `Host` and `Origin`: only those of addresses it holds, and `localhost`
 * only when it holds every loopback address `localhost` can resolve to
 * (both, or 127.0.0.1 on a machine without IPv6).
 */
export function servedNames(held: readonly LoopbackAddress[], ipv6Missing: boolean): readonly string[] {
  const v4 = held.includes('127.0.0.1');
  const v6 = held.includes('::1');
  return [
    ...(v4 ? ['127.0.0.1'] : []),
    ...(v4 && (v6 || ipv6Missing) ? ['localhost'] : []),
    ...(v6 ? ['[::1]'] : []),
  ];
}
