import { raceAbort } from '@openvitale/transport';
import type { GalssBinding } from './binding.js';
import { CONVENTIONAL_ALIASES, MAX_APP_NAME } from './constants.js';
import { G_ERRRESSOURCE, G_ERRSESSIONOUVERTE, galssError } from './errors.js';

export interface OpenedSession {
  readonly session: number;
  readonly lad: number;
  /** The name that opened: the resource asked for, or one of its aliases. */
  readonly resource: string;
  readonly appName: string;
}

/** How many other application names to try when GALSS says the name already has a session (`0800`). */
const APP_NAME_ATTEMPTS = 8;

/** Names to try for `resource`: itself, then the caller's aliases or the conventional ones. */
export function resourceNames(resource: string, aliases?: readonly string[]): string[] {
  const others = aliases ?? CONVENTIONAL_ALIASES[resource.toLowerCase()] ?? [];
  return [resource, ...others.filter((a) => a.toLowerCase() !== resource.toLowerCase())];
}

/** `OpenVitale`, `OpenVitale_2`, ...: within the 16 characters GALSS allows. */
export function appNameAttempt(base: string, attempt: number): string {
  if (attempt === 0) return base.slice(0, MAX_APP_NAME);
  const suffix = `_${attempt + 1}`;
  return base.slice(0, MAX_APP_NAME - suffix.length) + suffix;
}

/**
 * `OuvrirSession` on the first name GALSS knows (`2000` moves to the next
 * alias), under another application name when this one already has a
 * session there (`0800`: a second transport or process on the same resource).
 */
export async function openSession(
  binding: GalssBinding,
  appName: string,
  names: readonly string[],
  signal: AbortSignal | undefined,
): Promise<OpenedSession> {
  let lastStatus = G_ERRRESSOURCE;
  for (const resource of names) {
    for (let attempt = 0; attempt < APP_NAME_ATTEMPTS; attempt++) {
      const app = appNameAttempt(appName, attempt);
      const pending = binding.openSession(app, resource);
      // A session opened after the caller gave up is closed, not leaked.
      const opened = await raceAbort(pending, signal).catch((error: unknown) => {
        void pending.then(
          (r) => (r.status === 0 ? binding.closeSession(r.session) : undefined),
          () => {},
        );
        throw error;
      });
      if (opened.status === 0) return { session: opened.session, lad: opened.lad, resource, appName: app };
      lastStatus = opened.status;
      if (opened.status !== G_ERRSESSIONOUVERTE) break;
    }
    if (lastStatus !== G_ERRRESSOURCE) break;
  }
  throw galssError(lastStatus, `OuvrirSession on ${names.map((n) => `"${n}"`).join(' or ')}`);
}
