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
 * from C:\openvitale\fixtures), its XML and JSON compared byte for byte with
 * fixtures/expected; a card that is not a carte Vitale fails with the same
 * error code as on Linux.
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
    const golden = join(FIXTURES, 'expected', name);
    if (!existsSync(`${golden}.xml`)) {
      // Not a Vitale card: no golden, the same refusal on both systems.
      expect(readFileSync(join(out, `${name}.error`), 'utf8')).toBe(
        readFileSync(join(linuxOut, `${name}.error`), 'utf8'),
      );
      return;
    }
    for (const ext of ['xml', 'json']) {
      const written = readFileSync(join(out, `${name}.${ext}`));
      expect(written.equals(readFileSync(`${golden}.${ext}`)), `${name}.${ext} differs from its golden`).toBe(
        true,
      );
    }
  });
});
