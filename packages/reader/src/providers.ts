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
  /** Where to install a missing transport, for the message (e.g. "@openvitale/cli"); default "this package". */
  readonly beside?: string;
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
  const where = options.beside === undefined ? {} : { beside: options.beside };
  if (kind === 'pcsc') {
    const { createPcscProvider } = await importTransport(PACKAGES.pcsc, 'createPcscProvider', where);
    return createPcscProvider() as LoadedProvider;
  }
  const { GalssTransportProvider } = await importTransport(PACKAGES.galss, 'GalssTransportProvider', where);
  const galss = {
    ...(options.galssLibrary === undefined ? {} : { clientLibrary: options.galssLibrary }),
    ...(options.reader === undefined ? {} : { resource: options.reader }),
  };
  return new (GalssTransportProvider as unknown as new (o: object) => LoadedProvider)(galss);
}

export interface ImportOptions<M> {
  /**
   * Imports the package from the caller's own code: pass `() =>
   * import('<module>')` written in the package that declares it, because a
   * strict installer (pnpm) lets each package resolve only what it
   * declares. Default: resolved from this package (the transports, which it
   * declares as optional peers).
   */
  readonly load?: () => Promise<M>;
  /** What needs the package, for the message (e.g. "--transport demo"). */
  readonly neededFor?: string;
  /** Where to install it, for the message (e.g. "@openvitale/cli"); default "this package". */
  readonly beside?: string;
}

/**
 * Imports an optional package (a transport, or what an application loads
 * on demand) and checks that it exports `name` as a function: not
 * installed, of another version, or missing one of its own dependencies is
 * `LIBRARY_MISSING` saying what to install; any other failure to load is
 * the package's own error, passed on.
 */
export async function importTransport<
  const N extends string,
  M extends Record<N, unknown> = Record<N, (...args: never[]) => unknown>,
>(module: string, name: N, options: ImportOptions<M> = {}): Promise<M> {
  const load = options.load ?? (() => import(module) as Promise<M>);
  let loaded: M;
  try {
    loaded = await load();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    const beside = options.beside ?? 'this package';
    // Node names the package it could not find: this one, or one of its dependencies.
    if ((error as Error).message.includes(`'${module}'`)) {
      const who = options.neededFor === undefined ? module : `${options.neededFor} needs ${module}, which`;
      throw new ReadError('LIBRARY_MISSING', 'connect', `${who} is not installed`, {
        action: `install it beside ${beside}`,
        cause: error,
      });
    }
    throw new ReadError(
      'LIBRARY_MISSING',
      'connect',
      `${module} is installed but cannot load one of its dependencies`,
      {
        action: `reinstall it beside ${beside}`,
        detail: (error as Error).message,
        cause: error,
      },
    );
  }
  if (typeof loaded[name] !== 'function') {
    throw new ReadError('LIBRARY_MISSING', 'connect', `The installed ${module} has no ${name}()`, {
      action: `install the version of ${module} that matches @openvitale/reader`,
    });
  }
  return loaded;
}
