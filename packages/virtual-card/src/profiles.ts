import { readFile } from 'node:fs/promises';
import type { CardProfile } from './profile.js';
import { ProfileError } from './profile-error.js';
import { parseProfile } from './validate.js';

/**
 * Profiles shipped inside the package (only what the CLI's demo read needs;
 * the full fixture set lives in the repository's `fixtures/cards/`).
 */
export const BUNDLED_PROFILES = ['demo'] as const;
export type BundledProfileName = (typeof BUNDLED_PROFILES)[number];

// `profiles/` sits beside `src/` and `dist/`, so this resolves from both.
const BUNDLED_DIR = new URL('../profiles/', import.meta.url);

/** Reads and checks a profile file; errors name the file and the field. */
export async function loadProfile(file: string | URL): Promise<CardProfile> {
  const source = typeof file === 'string' ? file : file.pathname;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ProfileError(
      '',
      `cannot read the profile (${(error as NodeJS.ErrnoException).code ?? error})`,
      source,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ProfileError('', `not JSON: ${(error as Error).message}`, source);
  }
  return parseProfile(json, source);
}

/** A profile shipped with the package, by name (`demo`). */
export function bundledProfile(name: BundledProfileName): Promise<CardProfile> {
  if (!(BUNDLED_PROFILES as readonly string[]).includes(name)) {
    throw new ProfileError('', `no bundled profile "${name}" (bundled: ${BUNDLED_PROFILES.join(', ')})`);
  }
  return loadProfile(new URL(`${name}.json`, BUNDLED_DIR));
}
