import type { TransportProvider } from '@openvitale/transport';
import { ReadError } from './errors.js';

export type TransportKind = 'pcsc' | 'galss';

export interface LoadProviderOptions {
  /** GALSS: the client library's path (else the transport's standard places). */
  readonly galssLibrary?: string;
}

/** A provider and how to release what it holds (a PC/SC context). */
export type LoadedProvider = TransportProvider & { close?(): Promise<void> };

const PACKAGES: Readonly<Record<TransportKind, string>> = {
  pcsc: '@openvitale/transport-pcsc',
  galss: '@openvitale/transport-galss',
};

/**
 * Loads a transport package only when it is used, so that a site on PC/SC
 * installs no FFI library and a site on GALSS builds no PC/SC addon. The
 * packages are optional: a missing one is `LIBRARY_MISSING` saying what to
 * install.
 */
export async function loadProvider(
  kind: TransportKind,
  options: LoadProviderOptions = {},
): Promise<LoadedProvider> {
  if (kind === 'pcsc') {
    const { createPcscProvider } = await importTransport(PACKAGES.pcsc, 'createPcscProvider');
    return createPcscProvider() as LoadedProvider;
  }
  const { GalssTransportProvider } = await importTransport(PACKAGES.galss, 'GalssTransportProvider');
  const library = options.galssLibrary === undefined ? {} : { clientLibrary: options.galssLibrary };
  return new (GalssTransportProvider as unknown as new (o: object) => LoadedProvider)(library);
}

/**
 * Imports an optional package and checks that it exports `name` as a
 * function: not installed, or of another version, is `LIBRARY_MISSING`;
 * any other failure to load is the package's own error, passed on.
 */
export async function importTransport<const N extends string>(
  module: string,
  name: N,
): Promise<Record<N, (...args: never[]) => unknown>> {
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(module)) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new ReadError('LIBRARY_MISSING', 'connect', `The transport package ${module} is not installed`, {
      action: `install it beside @openvitale/reader (npm install ${module})`,
      cause: error,
    });
  }
  if (typeof loaded[name] !== 'function') {
    throw new ReadError('LIBRARY_MISSING', 'connect', `The installed ${module} has no ${name}()`, {
      action: `install the version of ${module} that matches @openvitale/reader`,
    });
  }
  return loaded as Record<N, (...args: never[]) => unknown>;
}
