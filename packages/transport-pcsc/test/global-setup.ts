import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The real-stack tests run another application in a child process through
 * this package's build (test/other-application.mjs): build it once first.
 */
export default function setup(): void {
  if (process.env.OPENVITALE_PCSCD !== '1') return;
  execFileSync(
    process.execPath,
    [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'inherit' },
  );
}
