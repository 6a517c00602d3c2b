import { readdirSync } from 'node:fs';
import { fileContent, resolveLayout, type Vitale2Profile } from '@openvitale/virtual-card';
import { describe, expect, it } from 'vitest';
import { readCard, readIdentification } from '../src/index.js';
import { cardIn, FIXTURES, profile } from './support.js';

/**
 * APDUs at the raw level (GET RESPONSE and 6Cxx resends included) of each
 * read of each fixture card. The same table is in docs/performance.md; a
 * change to the procedures that costs APDUs fails here first.
 */
const EXPECTED: Record<string, readonly [identification: number, full: number]> = {
  cps: [0, 0],
  'unknown-bull-scot5': [1, 1],
  'vitale1-scot': [1, 34],
  'vitale2-accents-long-names': [4, 12],
  'vitale2-corsica': [4, 12],
  'vitale2-family': [4, 12],
  'vitale2-large-files': [6, 17],
  'vitale2-layout-discovery': [9, 12],
  'vitale2-layout-fci-get-response': [6, 8],
  'vitale2-layout-select-00-only': [7, 20],
  'vitale2-layout-select-0c-only': [4, 12],
  'vitale2-layout-sfi': [4, 6],
  'vitale2-long-lengths': [4, 10],
  'vitale2-lunar-dates': [4, 12],
  'vitale2-overseas-abroad': [4, 12],
  'vitale2-protected-files': [4, 16],
  'vitale2-provisional-nir': [4, 12],
  'vitale2-single': [4, 12],
  'vitale2-unknown-tags': [4, 12],
  'vitale2-wrong-key': [4, 12],
};

/**
 * A lower bound of what cardpeek's Vitale 2 script sends for a full read,
 * reasoned from its documented algorithm (docs/domain/vitale-card.md §3.3), not run:
 * SELECT VITALE, SELECT 2001, READ BINARY, then for every file EF 2001
 * lists SELECT AID + SELECT FID + one READ BINARY per 256 bytes. Counted
 * at one APDU per SELECT, or two (with GET RESPONSE) on a card taking only
 * P2 00. On a card without EF 2001 it reads nothing: `undefined`, no comparison.
 */
function cardpeekFullRead(card: Vitale2Profile): number | undefined {
  const layout = resolveLayout(card);
  const select = layout.selectP2 === '00' ? 2 : 1;
  const files = layout.applications.flatMap((app) => app.files.map((file) => ({ app, file })));
  const directory = files.find(({ file }) => file.content === 'directory');
  if (!directory) return undefined;
  const reads = (f: (typeof files)[number]) => (f.file.protected ? 1 : Math.floor(size(card, f) / 256) + 1);
  const listed = files.filter(
    ({ app, file }) => file !== directory.file && file.listed !== false && app.listed !== false,
  );
  return 2 * select + reads(directory) + listed.reduce((n, f) => n + 2 * select + reads(f), 0);
}

/**
 * The discovery path alone of an identification read: SELECT VITALE,
 * SELECT 2001 and its READs, then in each application the files EF 2001
 * lists up to the first one holding persons (an identity or NIR file), each
 * SELECT FID + READs, the application selected once (VITALE is already).
 */
function discoveryPath(card: Vitale2Profile): number {
  const layout = resolveLayout(card);
  const select = layout.selectP2 === '00' ? 2 : 1;
  const reads = (app: { name: string }, file: (typeof layout.applications)[number]['files'][number]) =>
    file.protected ? 1 : Math.floor(size(card, { app, file }) / 256) + 1;
  let total = 0;
  for (const app of layout.applications) {
    const directory = app.files.find((file) => file.content === 'directory');
    total += select + (directory ? select + reads(app, directory) : 0);
    for (const file of app.files.filter((f) => f !== directory && f.listed !== false)) {
      total += select + reads(app, file);
      if (file.content === 'identity' || file.content === 'nir') break;
    }
  }
  return total;
}

function size(
  card: Vitale2Profile,
  { app, file }: { app: { name: string }; file: Parameters<typeof fileContent>[2] },
) {
  return fileContent(card, resolveLayout(card), file, `${app.name}/${file.name}`).length;
}

const names = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

async function count(name: string, read: typeof readIdentification): Promise<number> {
  const { runner, open } = await cardIn(name);
  await read(await open()).catch(() => {});
  return runner.apduCount;
}

describe.each(names)('%s', (name) => {
  it('costs the APDUs of the table, the identification never more than the full read', async () => {
    const [identification, full] = [await count(name, readIdentification), await count(name, readCard)];
    expect([identification, full]).toEqual(EXPECTED[name]);
    expect(identification).toBeLessThanOrEqual(full);
  });

  it('reads in full with no more APDUs than cardpeek, and identifies with at most 4 where shortcuts exist', async () => {
    const card = await profile(name);
    if (card.type !== 'vitale2') return;
    const [identification, full] = EXPECTED[name]!;
    const cardpeek = cardpeekFullRead(card);
    if (cardpeek !== undefined) expect(full).toBeLessThanOrEqual(cardpeek);
    // Shortcuts: SELECT P2 0C and an SFI 2 file under 256 bytes on each side.
    const layout = resolveLayout(card);
    const shortcuts =
      layout.selectP2 !== '00' &&
      layout.applications.every((app) =>
        app.files.some((file) => file.sfi === 2 && size(card, { app, file }) < 256),
      );
    if (shortcuts) expect(identification).toBeLessThanOrEqual(4);
    // Where only EF 2001 leads to the files: its path, plus the one refused SFI read that showed it.
    const files = layout.applications.flatMap((app) => app.files);
    const onlyDiscovery =
      files.some((file) => file.content === 'directory') &&
      files.every((file) => file.sfi === undefined && file.fid !== 'D001');
    if (onlyDiscovery) expect(identification).toBeLessThanOrEqual(discoveryPath(card) + 1);
  });
});
