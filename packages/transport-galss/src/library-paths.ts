/**
 * Where the vendor installs its libraries (docs/domain/official-api.md §2.1 [H] for the
 * names; the places other than /usr/local/galss are the usual search paths).
 */
export interface LibraryNames {
  readonly client: readonly string[];
  readonly info: readonly string[];
}

export interface LibrarySearch {
  readonly platform: NodeJS.Platform;
  readonly arch: string;
  /** An explicit client library (option or `OPENVITALE_GALSS_LIBRARY`): the only one tried. */
  readonly clientLibrary?: string | undefined;
  /** An explicit info library (option or `OPENVITALE_GALSS_INFO_LIBRARY`). */
  readonly infoLibrary?: string | undefined;
}

/** Candidate paths, in the order they are tried. */
export function libraryCandidates(search: LibrarySearch): LibraryNames {
  const defaults = defaultLibraries(search.platform, search.arch);
  const sibling = (path: string, from: string, to: string) => {
    const i = path.lastIndexOf(from);
    return i < 0 ? undefined : path.slice(0, i) + to + path.slice(i + from.length);
  };
  const client = search.clientLibrary ? [search.clientLibrary] : defaults.client;
  let info = defaults.info;
  if (search.infoLibrary) info = [search.infoLibrary];
  else if (search.clientLibrary) {
    // The info library sits beside the client library: galcl -> galin in its name.
    const guess = sibling(search.clientLibrary, 'galcl', 'galin');
    info = guess ? [guess, ...defaults.info] : defaults.info;
  }
  return { client, info };
}

function defaultLibraries(platform: NodeJS.Platform, arch: string): LibraryNames {
  if (platform === 'win32') {
    const bits = arch === 'ia32' ? '32' : '64';
    return { client: [`galclw${bits}.dll`], info: [`galinw${bits}.dll`] };
  }
  if (platform === 'darwin') {
    return {
      client: ['/Library/Frameworks/galclosx.framework/galclosx', 'galclosx.framework/galclosx'],
      info: ['/Library/Frameworks/galinosx.framework/galinosx', 'galinosx.framework/galinosx'],
    };
  }
  return {
    client: ['/usr/local/galss/libgalcllux.so', 'libgalcllux.so'],
    info: ['/usr/local/galss/libgalinlux.so', 'libgalinlux.so'],
  };
}

/** `__stdcall` on 32-bit Windows only; cdecl (koffi's default) everywhere else. */
export function callingConvention(platform: NodeJS.Platform, arch: string): '__stdcall' | '__cdecl' {
  return platform === 'win32' && arch === 'ia32' ? '__stdcall' : '__cdecl';
}
