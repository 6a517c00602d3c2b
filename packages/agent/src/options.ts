import { existsSync } from 'node:fs';
import { loadProvider, type TransportKind } from '@openvitale/reader';
import { quote, type TransportProvider } from '@openvitale/transport';
import { AgentError } from './errors.js';
import type { LogSink } from './log.js';
import type { PairingRequest } from './pairing.js';
import type { RateLimit } from './security/rate-limit.js';

export const DEFAULT_PORT = 7357;

export interface AgentOptions {
  /**
   * Default (and `localhost`): both 127.0.0.1 and ::1, so no other local
   * user can take the address the agent leaves free. `127.0.0.1` or `::1`:
   * that one alone (the agent then trusts that address's origin alone). Any
   * other address is refused at start.
   */
  readonly host?: string;
  /** Default 7357; 0 picks a free port (tests). */
  readonly port?: number;
  /** Web origins allowed besides the agent's own demo page, e.g. `https://dpi.example.fr`. Default none. */
  readonly allowedOrigins?: readonly string[];
  /** The readers to use; default: the `transport` package, loaded on start. */
  readonly provider?: TransportProvider;
  /** Default `pcsc`. */
  readonly transport?: TransportKind;
  readonly galssLibrary?: string;
  /** Where pairing tokens are kept (hashes only); default in memory, lost when the agent stops. */
  readonly tokensFile?: string;
  /** Serve the demo page at `/` and allow its origin. Default true. */
  readonly demo?: boolean;
  /** Log lines (NIR-shaped text masked, no card data). Default: none. */
  readonly log?: LogSink;
  /** Shows a pairing code to the user; default: the log line only. */
  readonly onPairingRequest?: (request: PairingRequest) => void;
  /** Per connection (an `Origin` header can be forged by any local program). Default 120 requests a minute. */
  readonly rateLimit?: RateLimit;
  /** Pairing requests and code attempts per origin. Default 10 a minute. */
  readonly pairingRateLimit?: RateLimit;
  /** Request bodies larger than this are refused (413). Default 4096 bytes. */
  readonly maxBodyBytes?: number;
  /** HTTP reads waiting or running at once. Default 16. */
  readonly maxPendingReads?: number;
  /** WebSocket clients at once. Default 16. */
  readonly maxClients?: number;
  /** TCP connections held at once, per address listened on. Default 64. */
  readonly maxConnections?: number;
  /** A request's headers must arrive within this. Default 5000 ms. */
  readonly headersTimeoutMs?: number;
  /** A whole request (headers and body) must arrive within this. Default 10 000 ms. */
  readonly requestTimeoutMs?: number;
  /** How long a pairing token works. Default 90 days. */
  readonly tokenLifetimeMs?: number;
}

/** A positive whole number option, or `BAD_OPTIONS` naming it. */
export function checkCount(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new AgentError('BAD_OPTIONS', `${name} must be a whole number from 1, not ${value}`);
  }
  return value;
}

export function checkPort(port: number): number {
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new AgentError('BAD_OPTIONS', `The port must be a whole number from 0 to 65535, not ${port}`);
  }
  return port;
}

/** The provider given, or the transport package loaded now (a missing one fails the start, saying what to install). */
export async function resolveProvider(
  options: AgentOptions,
): Promise<{ provider: TransportProvider; owned: boolean }> {
  if (options.provider) return { provider: options.provider, owned: false };
  const library = options.galssLibrary;
  // A path that names no file is a typo, known now; a bare name is searched by the system's loader on first use.
  if (library !== undefined && /[/\\]/.test(library) && !existsSync(library)) {
    throw new AgentError('BAD_OPTIONS', `The GALSS library ${quote(library)} does not exist`, {
      action:
        'give the path of the GALSS client library (libgalcllux.so, galclw32.dll or galclw64.dll), or leave it out',
    });
  }
  const galss = library === undefined ? {} : { galssLibrary: library };
  return { provider: await loadProvider(options.transport ?? 'pcsc', galss), owned: true };
}
