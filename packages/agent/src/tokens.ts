import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** What the agent keeps about a paired application: never the token itself, only its hash. */
export interface Pairing {
  readonly origin: string;
  readonly application: string;
  readonly createdAt: string;
}

interface Entry extends Pairing {
  readonly hash: string;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The tokens given to paired applications, each bound to its origin. In
 * memory, or in a file (mode 0600) holding only SHA-256 hashes, so a copy
 * of the file gives no usable token. The file is read again when it
 * changes, so `openvitale-agent revoke` works on a running agent.
 */
export class TokenStore {
  readonly #file: string | undefined;
  #entries: Entry[] = [];
  #mtimeMs = -1;

  constructor(file?: string) {
    this.#file = file;
    this.#reload();
  }

  /** A new token for `origin` (shown once, to the application that paired). */
  issue(origin: string, application: string): string {
    this.#reload();
    const token = randomBytes(32).toString('base64url');
    this.#entries = [
      ...this.#entries,
      { origin, application, createdAt: new Date().toISOString(), hash: hashOf(token) },
    ];
    this.#save();
    return token;
  }

  /** True when `token` was issued to `origin` and not revoked. */
  verify(origin: string, token: string): boolean {
    this.#reload();
    const hash = hashOf(token);
    return this.#entries.some((e) => e.hash === hash && e.origin === origin);
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
    return this.#entries.map(({ origin, application, createdAt }) => ({ origin, application, createdAt }));
  }

  #remove(match: (entry: Entry) => boolean): number {
    this.#reload();
    const before = this.#entries.length;
    this.#entries = this.#entries.filter((e) => !match(e));
    if (this.#entries.length !== before) this.#save();
    return before - this.#entries.length;
  }

  #reload(): void {
    if (!this.#file) return;
    let mtimeMs: number;
    try {
      mtimeMs = statSync(this.#file).mtimeMs;
    } catch {
      this.#entries = [];
      this.#mtimeMs = -1;
      return;
    }
    if (mtimeMs === this.#mtimeMs) return;
    const parsed: unknown = JSON.parse(readFileSync(this.#file, 'utf8'));
    this.#entries = Array.isArray(parsed) ? parsed.filter(isEntry) : [];
    this.#mtimeMs = mtimeMs;
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
  return ['origin', 'application', 'createdAt', 'hash'].every((k) => typeof v[k] === 'string');
}
