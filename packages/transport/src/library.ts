import { TransportError } from './errors.js';

/**
 * Loads the first of `candidates` (names or paths of a native library, in
 * the order a transport tries them) that `load` accepts. When none does:
 * `LIBRARY_MISSING` naming `what` and every candidate with its failure,
 * with `action` (what to install or set). The transports' FFI calls `load`;
 * this package loads nothing.
 */
export function loadFirstLibrary<T>(
  candidates: readonly string[],
  load: (path: string) => T,
  what: string,
  action: string,
): { readonly library: T; readonly path: string } {
  const failures: string[] = [];
  for (const path of candidates) {
    try {
      return { library: load(path), path };
    } catch (error) {
      failures.push(`${path} (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  throw new TransportError(
    'LIBRARY_MISSING',
    `The ${what} could not be loaded; looked for: ${failures.join('; ')}`,
    { nativeCode: 'LIBRARY_MISSING', action },
  );
}
