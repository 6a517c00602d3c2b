import { readdir } from 'node:fs/promises';
import { fromHex, toHex } from '@openvitale/transport';
import type { CardProfile } from '../profile.js';
import { loadProfile } from '../profiles.js';

/** The repository's fixture set (not shipped: tests only). */
export const FIXTURES_DIR = new URL('../../../../fixtures/cards/', import.meta.url);

export function fixture(name: string): Promise<CardProfile> {
  return loadProfile(new URL(`${name}.json`, FIXTURES_DIR));
}

export async function fixtureNames(): Promise<string[]> {
  return (await readdir(FIXTURES_DIR)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
}

/** Hex in, hex out: the tests read like an APDU log. */
export function hexCard(card: { process(command: Uint8Array): Uint8Array }): (command: string) => string {
  return (command) => toHex(card.process(fromHex(command)), ' ');
}
