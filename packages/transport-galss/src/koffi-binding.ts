import { loadFirstLibrary, TransportError } from '@openvitale/transport';
import type { GalssBinding } from './binding.js';
import { ECHANGE_LENGTH_BYTES } from './constants.js';
import { callingConvention, libraryCandidates } from './library-paths.js';

export interface LibraryOptions {
  /** The client library to load; default `OPENVITALE_GALSS_LIBRARY`, else the vendor's places. */
  readonly clientLibrary?: string;
  /** The info library; default `OPENVITALE_GALSS_INFO_LIBRARY`, else beside the client library. */
  readonly infoLibrary?: string;
}

type Koffi = typeof import('koffi').default;
type NativeFunction = ReturnType<ReturnType<Koffi['load']>['func']>;

const bindings = new Map<string, Promise<GalssBinding>>();

/**
 * Loads the vendor client library through koffi, once per path. koffi itself
 * is imported here and nowhere else, so nothing native loads before a
 * transport is opened. Missing → `LIBRARY_MISSING` naming every place tried.
 */
export function loadGalssBinding(options: LibraryOptions = {}): Promise<GalssBinding> {
  const { client, info } = libraryCandidates({
    platform: process.platform,
    arch: process.arch,
    clientLibrary: options.clientLibrary ?? process.env.OPENVITALE_GALSS_LIBRARY,
    infoLibrary: options.infoLibrary ?? process.env.OPENVITALE_GALSS_INFO_LIBRARY,
  });
  const key = `${client.join('|')}#${info.join('|')}`;
  let binding = bindings.get(key);
  if (!binding) {
    binding = create(client, info);
    bindings.set(key, binding);
    binding.catch(() => bindings.delete(key));
  }
  return binding;
}

async function importKoffi(): Promise<Koffi> {
  try {
    return (await import('koffi')).default;
  } catch (cause) {
    throw new TransportError(
      'LIBRARY_MISSING',
      'koffi (the FFI used to reach the GALSS library) could not be loaded',
      {
        cause,
      },
    );
  }
}

function loadFirst(koffi: Koffi, candidates: readonly string[], what: string) {
  return loadFirstLibrary(
    candidates,
    (path) => koffi.load(path),
    `GALSS ${what} library`,
    'install GALSS, or name the library with the clientLibrary option or OPENVITALE_GALSS_LIBRARY',
  );
}

type Library = ReturnType<Koffi['load']>;

/**
 * The library's functions by name. A library that loads but lacks one (a
 * path that names another library: `BibliothequeGALSS=` pointing at the info
 * library, a PC/SC or system library) is `LIBRARY_MISSING` saying so, not a
 * bare koffi error.
 */
function bindAll<const T extends Record<string, [name: string, result: string, args: string[]]>>(
  library: Library,
  path: string,
  what: string,
  cc: string,
  declarations: T,
): { [K in keyof T]: NativeFunction } {
  const bound: Record<string, NativeFunction> = {};
  for (const [key, [name, result, args]] of Object.entries(declarations)) {
    try {
      bound[key] = library.func(cc, name, result, args);
    } catch (cause) {
      throw new TransportError(
        'LIBRARY_MISSING',
        `${path} is not a GALSS ${what} library: it has no ${name} function`,
        {
          cause,
          nativeCode: 'LIBRARY_MISSING',
          action: `name the GALSS ${what} library itself (option ${what}Library, or BibliothequeGALSS= in the config file)`,
        },
      );
    }
  }
  return bound as { [K in keyof T]: NativeFunction };
}

/** Calls a native function on koffi's thread pool: the event loop stays free while GALSS blocks. */
function callAsync(fn: NativeFunction, ...args: unknown[]): Promise<number> {
  return new Promise((resolve, reject) => {
    fn.async(...args, (error: unknown, result: number) => (error ? reject(error) : resolve(result)));
  });
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return Buffer.from(bytes.subarray(0, end < 0 ? bytes.length : end)).toString('latin1');
}

async function create(clientPaths: readonly string[], infoPaths: readonly string[]): Promise<GalssBinding> {
  const koffi = await importKoffi();
  const { library, path } = loadFirst(koffi, clientPaths, 'client');
  const cc = callingConvention(process.platform, process.arch);
  const u16 = 'uint16_t';
  const lengthPointer = ECHANGE_LENGTH_BYTES === 8 ? 'uint64_t *' : 'uint32_t *';
  const fn = bindAll(library, path, 'client', cc, {
    open: ['OuvrirSession', u16, ['const char *', 'const char *', 'uint16_t *', 'uint8_t *']],
    close: ['FermerSession', u16, [u16, 'uint16_t *']],
    begin: ['DebutExclusivite', u16, ['const char *', 'uint8_t *', 'uint8_t *', 'uint16_t *']],
    end: ['FinExclusivite', u16, [u16]],
    exchange: ['Echange', u16, [u16, u16, 'const uint8_t *', lengthPointer, 'uint8_t *', lengthPointer]],
  });
  const lengthCell = (value: number) =>
    ECHANGE_LENGTH_BYTES === 8 ? BigUint64Array.of(BigInt(value)) : Uint32Array.of(value);
  let info: { count: NativeFunction; table: NativeFunction } | undefined;
  const infoLibrary = () => {
    if (!info) {
      const loaded = loadFirst(koffi, infoPaths, 'info');
      info = bindAll(loaded.library, loaded.path, 'info', cc, {
        count: ['DonneNombreRessources', u16, ['uint16_t *']],
        table: ['DonneTableRessources', u16, ['uint8_t *', 'uint16_t *']],
      });
    }
    return info;
  };

  return {
    clientPath: path,
    async openSession(appName, resource) {
      const session = new Uint16Array(1);
      const lad = new Uint8Array(1);
      const status = await callAsync(fn.open, appName, resource, session, lad);
      return { status, session: session[0]!, lad: lad[0]! };
    },
    async closeSession(session) {
      const released = new Uint16Array(1);
      const status = await callAsync(fn.close, session, released);
      return { status, releasedExclusivity: released[0] !== 0 };
    },
    async beginExclusivity(list) {
      // Holder buffers larger than the documented 16 + 1 and 8 + 1 bytes, in case a library writes more.
      const holderApp = new Uint8Array(64);
      const holderResource = new Uint8Array(64);
      const exclusivity = new Uint16Array(1);
      const status = await callAsync(fn.begin, list, holderApp, holderResource, exclusivity);
      return {
        status,
        exclusivity: exclusivity[0]!,
        holderApp: cString(holderApp),
        holderResource: cString(holderResource),
      };
    },
    async endExclusivity(exclusivity) {
      return { status: await callAsync(fn.end, exclusivity) };
    },
    async exchange(session, maxSeconds, request, capacity) {
      const response = new Uint8Array(capacity);
      const responseLength = lengthCell(capacity);
      const status = await callAsync(
        fn.exchange,
        session,
        maxSeconds,
        request,
        lengthCell(request.length),
        response,
        responseLength,
      );
      const length = Number(responseLength[0]);
      return {
        status,
        response: status === 0 ? response.slice(0, Math.min(length, capacity)) : new Uint8Array(0),
        length,
      };
    },
    async resourceTable() {
      const { count, table } = infoLibrary();
      const rows = new Uint16Array(1);
      let status = await callAsync(count, rows);
      if (status !== 0) return { status, table: new Uint8Array(0) };
      // One spare row in case a resource appears between the two calls.
      const capacity = rows[0]! + 1;
      const buffer = new Uint8Array(capacity * 26);
      rows[0] = capacity;
      status = await callAsync(table, buffer, rows);
      return { status, table: status === 0 ? buffer.slice(0, rows[0]! * 26) : new Uint8Array(0) };
    },
  };
}
