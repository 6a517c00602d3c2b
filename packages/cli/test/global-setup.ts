import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The tests run the built binary, as a user does: build this package once.
 * Its workspace dependencies are built by turbo (`^build`) before `test`.
 */
export default function setup(): void {
  for (const dependency of ['decoder', 'transport', 'reader', 'virtual-card']) {
    if (!existsSync(new URL(`../../${dependency}/dist/index.js`, import.meta.url))) {
      throw new Error(
        `packages/${dependency} is not built: run "pnpm build" (or "pnpm test" through turbo) first`,
      );
    }
  }
  execFileSync(
    process.execPath,
    [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
