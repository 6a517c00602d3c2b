import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ListenPlan, LoopbackAddress } from './security/loopback.js';

export interface Listening {
  readonly servers: readonly Server[];
  readonly port: number;
  /** The addresses held, in the plan's order. */
  readonly held: readonly LoopbackAddress[];
  /** `::1` could not be bound because this machine has no IPv6 loopback. */
  readonly ipv6Missing: boolean;
}

const NO_IPV6 = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT']);
const PORT_ATTEMPTS = 5;

/**
 * Listens on every address of the plan, all on one port (port 0: the one the
 * first address got, tried again a few times when another program holds it
 * on the next address). Any failure closes what was opened: nothing is left
 * listening. `EADDRINUSE` says which address (`error.address`) is held.
 */
export async function listenAll(create: () => Server, plan: ListenPlan, port: number): Promise<Listening> {
  for (let attempt = 1; ; attempt++) {
    const servers: Server[] = [];
    const held: LoopbackAddress[] = [];
    let ipv6Missing = false;
    let chosen = port;
    try {
      for (const address of plan.addresses) {
        const server = create();
        try {
          await listen(server, address, chosen);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? '';
          if (address === '::1' && plan.ipv6Optional && NO_IPV6.has(code)) {
            ipv6Missing = true;
            continue;
          }
          throw error;
        }
        servers.push(server);
        held.push(address);
        chosen = (server.address() as AddressInfo).port;
      }
      return { servers, port: chosen, held, ipv6Missing };
    } catch (error) {
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
      const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (!(port === 0 && inUse && attempt < PORT_ATTEMPTS)) throw error;
    }
  }
}

function listen(server: Server, host: LoopbackAddress, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true, ipv6Only: host === '::1' }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
