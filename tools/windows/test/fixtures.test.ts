import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  arches,
  describeRun,
  FIXTURES,
  nodeOnLinux,
  nodeOnWindows,
  type Run,
  unixPath,
  windowsTempDir,
  wine,
} from './support.js';

/**
 * The decoder and the formatter on Windows: every card profile of
 * fixtures/cards read in the in-process virtual reader (`windows/fixtures.mjs`,
 * from C:\openvitale\fixtures), full and identification reads, each output
 * compared byte for byte with its golden in fixtures/expected; a read that
 * has no golden (not a carte Vitale; the identification read of a Vitale 1)
 * fails with the same error code as on Linux.
 */
const NAMES = readdirSync(join(FIXTURES, 'cards'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length));

describe.skipIf(!wine).each(arches)('fixtures on %s Node for Windows', (arch) => {
  let out: string;
  let linuxOut: string;
  beforeAll(async () => {
    const dir = windowsTempDir(`fixtures-${arch}`);
    out = unixPath(dir);
    linuxOut = join(out, 'linux');
    const runs: Run[] = await Promise.all([
      nodeOnWindows('fixtures.mjs', ['C:\\openvitale\\fixtures\\cards', dir], { arch }),
      nodeOnLinux('fixtures.mjs', [join(FIXTURES, 'cards'), linuxOut]),
    ]);
    for (const run of runs) expect(run.code, describeRun(run)).toBe(0);
  });

  it.each(NAMES)('%s', (name) => {
    for (const read of [`${name}.full`, name]) {
      const outputs = read === name ? ['xml', 'json'] : ['extended.xml', 'json'];
      const golden = join(FIXTURES, 'expected', read);
      if (!existsSync(`${golden}.json`)) {
        expect(readFileSync(join(out, `${read}.error`), 'utf8'), `${read}: the same refusal`).toBe(
          readFileSync(join(linuxOut, `${read}.error`), 'utf8'),
        );
        continue;
      }
      for (const ext of outputs) {
        const written = readFileSync(join(out, `${read}.${ext}`));
        expect(
          written.equals(readFileSync(`${golden}.${ext}`)),
          `${read}.${ext} differs from its golden`,
        ).toBe(true);
      }
    }
  });
});
