import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bareNodePath, cleanEnv, NPM_CLI, run } from './run.js';
import { diskSize, type InstalledPackage, installedPackages } from './tree.js';

export interface InstallOptions {
  /** The local registry serving `@openvitale/*`. */
  readonly registry: string;
  /** `npm install --global --prefix <dir>`, as `npm i -g` does. */
  readonly global?: boolean;
  /** Also hide the PC/SC headers (a private mount namespace with a tmpfs over /usr/include/PCSC). */
  readonly hideHeaders?: boolean;
}

export interface Install {
  readonly nodeModules: string;
  readonly packages: readonly InstalledPackage[];
  readonly bytes: number;
  readonly durationMs: number;
  /** Whether the PC/SC headers were hidden (not possible without mount namespaces). */
  readonly headersHidden: boolean;
}

const PCSC_HEADERS = '/usr/include/PCSC';

/**
 * Plain `npm install --ignore-scripts` in `dir`, with `node` alone on the
 * PATH (so nothing can compile), `@openvitale/*` from the local registry
 * and everything else from npm's usual registry and cache.
 */
export async function npmInstall(
  dir: string,
  specs: readonly string[],
  options: InstallOptions,
): Promise<Install> {
  const npm = [
    NPM_CLI,
    'install',
    ...(options.global ? ['--global', '--prefix', dir] : []),
    '--ignore-scripts',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    `--@openvitale:registry=${options.registry}`,
    ...specs,
  ];
  const hide =
    options.hideHeaders === true && process.env.OPENVITALE_NO_NAMESPACE !== '1' && existsSync(PCSC_HEADERS);
  const result = hide
    ? await run(
        'unshare',
        [
          '--mount',
          '--propagation',
          'private',
          '--',
          '/bin/sh',
          '-c',
          // mount runs with the system PATH, npm with node alone ($0).
          `mount -t tmpfs tmpfs ${PCSC_HEADERS} && export PATH="$0" && exec "$@"`,
          bareNodePath(),
          process.execPath,
          ...npm,
        ],
        { cwd: dir, env: cleanEnv() },
      )
    : await run(process.execPath, npm, { cwd: dir, env: cleanEnv({ PATH: bareNodePath() }) });
  if (result.code !== 0) {
    throw new Error(`npm install ${specs.join(' ')} failed (exit ${result.code}):\n${result.stderr}`);
  }
  const nodeModules = options.global ? join(dir, 'lib', 'node_modules') : join(dir, 'node_modules');
  return {
    nodeModules,
    packages: await installedPackages(nodeModules),
    bytes: await diskSize(nodeModules),
    durationMs: result.durationMs,
    headersHidden: hide,
  };
}
