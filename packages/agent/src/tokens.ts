import { createHash, randomBytes } from 'node:crypto';
import { type FSWatcher, mkdirSync, readFileSync, renameSync, statSync, watch, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { quote } from '@openvitale/transport';
import { AgentError } from './errors.js';

/** What the agent keeps about a paired application: never the token itself, only its hash. */
export interface Pairing {
  readonly origin: string;
  /** As the application named itself: outside text, escape it before printing. */
  readonly application: string;
  readonly createdAt: string;
  /** When the token stops working: `createdAt` plus the lifetime. */
  readonly expiresAt: string;
}

interface Entry {
  readonly origin: string;
  readonly application: string;
  readonly createdAt: string;
  readonly hash: string;
}

export interface TokenStoreOptions {
  /** How long a token works after pairing. Default 90 days. */
  readonly lifetimeMs?: number;
  /**
   * The wall clock. Token lifetimes outlive the process (they are on disk), so
   * they are dates, not durations: the one clock here that is not monotonic.
   */
  readonly now?: () => number;
}

export const DEFAULT_TOKEN_LIFETIME_MS = 90 * 24 * 3600 * 1000;
/** Far above any real tokens file (a few hundred bytes per application). */
const MAX_FILE_BYTES = 1 << 20;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The tokens given to paired applications, each bound to its origin, each
 * working for a lifetime. In memory, or in a file (mode 0600) holding only
 * SHA-256 hashes, so a copy of the file gives no usable token. The file is
 * read again when it changes (`watchFile`, and a check on every use), so
 * `openvitale-agent revoke` works on a running agent; a damaged file is an
 * `AgentError` `TOKENS_FILE` naming it, every token refused meanwhile.
 * Listeners (`onChange`) hear when tokens go, to end what those tokens opened.
 */
export class TokenStore {
  readonly #file: string | undefined;
  readonly #lifetimeMs: number;
  readonly #now: () => number;
  readonly #listeners = new Set<() => void>();
  #entries: Entry[] = [];
  #mtimeMs = -1;

  constructor(file?: string, options: TokenStoreOptions = {}) {
    this.#file = file;
    this.#lifetimeMs = options.lifetimeMs ?? DEFAULT_TOKEN_LIFETIME_MS;
    this.#now = options.now ?? Date.now;
    this.#reload();
  }

  /** A new token for `origin` (shown once, to the application that paired). */
  issue(origin: string, application: string): string {
    this.#reload();
    const token = randomBytes(32).toString('base64url');
    const createdAt = new Date(this.#now()).toISOString();
    this.#entries = [...this.#live(), { origin, application, createdAt, hash: hashOf(token) }];
    this.#save();
    return token;
  }

  /** True when `token` was issued to `origin`, is not revoked and has not expired. */
  verify(origin: string, token: string): boolean {
    this.#reload();
    const hash = hashOf(token);
    return this.#live().some((e) => e.hash === hash && e.origin === origin);
  }

  /** When `token` expires (ms since the epoch), or `undefined` when it is not a live token. */
  expiresAt(token: string): number | undefined {
    const hash = hashOf(token);
    const entry = this.#live().find((e) => e.hash === hash);
    return entry === undefined ? undefined : this.#expiry(entry);
  }

  /** Revokes one token; returns whether it existed. */
  revokeToken(token: string): boolean {
    return this.#remove((e) => e.hash === hashOf(token)) > 0;
  }

  /** Revokes every token of `origin` (`*`: of every origin); returns how many. */
  revokeOrigin(origin: string): number {
    return this.#remove((e) => origin === '*' || e.origin === origin);
  }

  list(): Pairing[] {
    this.#reload();
    return this.#live().map((e) => ({
      origin: e.origin,
      application: e.application,
      createdAt: e.createdAt,
      expiresAt: new Date(this.#expiry(e)).toISOString(),
    }));
  }

  /** Calls `listener` whenever tokens may have gone (revoked here or in the file, file damaged). */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Follows the file as other processes change it (`openvitale-agent revoke`),
   * telling listeners at once. Watches its folder: a revocation replaces the file.
   */
  watchFile(): FSWatcher | undefined {
    if (!this.#file) return undefined;
    const name = basename(this.#file);
    mkdirSync(dirname(this.#file), { recursive: true, mode: 0o700 });
    const watcher = watch(dirname(this.#file), (_event, changed) => {
      if (changed !== null && changed !== name) return;
      try {
        this.#reload();
      } catch {
        this.#notify();
      }
    });
    watcher.unref();
    return watcher;
  }

  #expiry(entry: Entry): number {
    return Date.parse(entry.createdAt) + this.#lifetimeMs;
  }

  #live(): Entry[] {
    const now = this.#now();
    return this.#entries.filter((e) => this.#expiry(e) > now);
  }

  #remove(match: (entry: Entry) => boolean): number {
    this.#reload();
    const before = this.#entries.length;
    this.#entries = this.#entries.filter((e) => !match(e));
    const removed = before - this.#entries.length;
    if (removed > 0) {
      this.#save();
      this.#notify();
    }
    return removed;
  }

  #reload(): void {
    if (!this.#file) return;
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(this.#file);
    } catch {
      this.#replace([], -1);
      return;
    }
    if (stat.mtimeMs === this.#mtimeMs) return;
    if (!stat.isFile()) throw this.#damaged('not a file');
    if (stat.size > MAX_FILE_BYTES) throw this.#damaged(`larger than ${MAX_FILE_BYTES} bytes`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.#file, 'utf8'));
    } catch {
      throw this.#damaged('not JSON');
    }
    if (!Array.isArray(parsed) || !parsed.every(isEntry)) throw this.#damaged('not a list of pairings');
    this.#replace(parsed, stat.mtimeMs);
  }

  #replace(entries: Entry[], mtimeMs: number): void {
    const kept = new Set(entries.map((e) => e.hash));
    const lost = this.#entries.some((e) => !kept.has(e.hash));
    this.#entries = entries;
    this.#mtimeMs = mtimeMs;
    if (lost) this.#notify();
  }

  #damaged(why: string): AgentError {
    // Every token is refused until the file is fixed: what it held can no longer be trusted.
    const had = this.#entries.length > 0;
    this.#entries = [];
    this.#mtimeMs = -1;
    if (had) this.#notify();
    return new AgentError('TOKENS_FILE', `The tokens file ${quote(this.#file ?? '')} is damaged (${why})`);
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }

  #save(): void {
    if (!this.#file) return;
    mkdirSync(dirname(this.#file), { recursive: true, mode: 0o700 });
    const temporary = `${this.#file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(this.#entries, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.#file);
    this.#mtimeMs = statSync(this.#file).mtimeMs;
  }
}

function isEntry(value: unknown): value is Entry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    ['origin', 'application', 'createdAt', 'hash'].every((k) => typeof v[k] === 'string') &&
    Number.isFinite(Date.parse(v.createdAt as string))
  );
}
