import type { TransportProvider } from '@openvitale/transport';
import { ReadError } from './errors.js';

export type TransportKind = 'pcsc' | 'galss';

export interface LoadProviderOptions {
  /** GALSS: the client library's path (else the transport's standard places). */
  readonly galssLibrary?: string;
  /**
   * The reader the caller will read, when it names one (`Ressource_Vitale=`,
   * `--reader`). GALSS then looks at that resource alone: a name it does not
   * have fails at once (`NO_READER`), and its info library is optional.
   * PC/SC lists every reader anyway. `auto` or absent: every reader.
   */
  readonly reader?: string;
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
  const galss = {
    ...(options.galssLibrary === undefined ? {} : { clientLibrary: options.galssLibrary }),
    ...(options.reader === undefined ? {} : { resource: options.reader }),
  };
  return new (GalssTransportProvider as unknown as new (o: object) => LoadedProvider)(galss);
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
    throw new ReadError(
      'LIBRARY_MISSING',
      'connect',
      `${module} is not installed: install it beside this package`,
      {
        cause: error,
      },
    );
  }
  if (typeof loaded[name] !== 'function') {
    throw new ReadError(
      'LIBRARY_MISSING',
      'connect',
      `The installed ${module} has no ${name}(): install the matching version`,
    );
  }
  return loaded as Record<N, (...args: never[]) => unknown>;
}
