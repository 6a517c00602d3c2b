import { importTransport } from '@openvitale/reader';

/**
 * The packages the CLI loads on demand and does not install by default:
 * the demo card and the local agent. Imported here, from the CLI's own
 * code, so they resolve where the CLI is installed; absent, the command
 * says which package to add. The transports, which `@openvitale/reader`
 * resolves, are added beside the CLI too (`BESIDE`, for their messages).
 */
export const BESIDE = '@openvitale/cli';

/** @openvitale/virtual-card, for `--transport demo`. */
export function importVirtualCard() {
  return importTransport('@openvitale/virtual-card', 'VirtualTransportProvider', {
    load: () => import('@openvitale/virtual-card'),
    neededFor: '--transport demo',
    beside: BESIDE,
  });
}

/** @openvitale/agent, checked to export `name`, for what `neededFor` names. */
export function importAgent(name: 'main' | 'agentStatus', neededFor: string) {
  return importTransport('@openvitale/agent', name, {
    load: () => import('@openvitale/agent'),
    neededFor,
    beside: BESIDE,
  });
}
