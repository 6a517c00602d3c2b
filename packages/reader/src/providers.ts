import type { TransportProvider } from '@openvitale/transport';
import { ReadError } from './errors.js';

export type TransportKind = 'pcsc' | 'galss';

export interface LoadProviderOptions {
  /** GALSS: the client library's path (else the transport's standard places). */
  readonly galssLibrary?: string;
}

/**
 * Loads a transport package only when it is used, so that a site on PC/SC
 * installs no FFI library and a site on GALSS builds no PC/SC addon. The
 * packages are optional peers: a missing one is `LIBRARY_MISSING` saying
 * what to install.
 */
export async function loadProvider(
  kind: TransportKind,
  options: LoadProviderOptions = {},
): Promise<TransportProvider> {
  if (kind === 'pcsc') {
    const module = await importTransport('@openvitale/transport-pcsc');
    const create = module.createPcscProvider;
    if (typeof create !== 'function') throw broken('@openvitale/transport-pcsc');
    return create() as TransportProvider;
  }
  const module = await importTransport('@openvitale/transport-galss');
  const Provider = module.GalssTransportProvider;
  if (typeof Provider !== 'function') throw broken('@openvitale/transport-galss');
  const library = options.galssLibrary === undefined ? {} : { library: options.galssLibrary };
  return new (Provider as new (o: object) => TransportProvider)(library);
}

async function importTransport(name: string): Promise<Record<string, unknown>> {
  try {
    return (await import(name)) as Record<string, unknown>;
  } catch (error) {
    throw new ReadError(
      'LIBRARY_MISSING',
      'connect',
      `The transport package ${name} is not installed: pnpm add ${name}`,
      {
        cause: error,
      },
    );
  }
}

function broken(name: string): ReadError {
  return new ReadError(
    'LIBRARY_MISSING',
    'connect',
    `${name} does not export what this version expects: reinstall it`,
  );
}
