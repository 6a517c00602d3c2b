import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface InstalledPackage {
  readonly name: string;
  readonly version: string;
  /** Where it sits, relative to the folder listed: nested copies show. */
  readonly path: string;
}

/** Every package under a node_modules folder, nested ones included (what npm actually put on disk). */
export async function installedPackages(
  nodeModules: string,
  prefix = 'node_modules',
): Promise<InstalledPackage[]> {
  const found: InstalledPackage[] = [];
  const entries = await readdir(nodeModules, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dirs = entry.name.startsWith('@')
      ? (await readdir(join(nodeModules, entry.name), { withFileTypes: true }))
          .filter((e) => e.isDirectory())
          .map((e) => `${entry.name}/${e.name}`)
      : [entry.name];
    for (const dir of dirs) {
      const manifest = JSON.parse(await readFile(join(nodeModules, dir, 'package.json'), 'utf8')) as {
        name: string;
        version: string;
      };
      found.push({ name: manifest.name, version: manifest.version, path: `${prefix}/${dir}` });
      found.push(
        ...(await installedPackages(join(nodeModules, dir, 'node_modules'), `${prefix}/${dir}/node_modules`)),
      );
    }
  }
  return found;
}

/** Bytes on disk under a folder (`du -sb`). */
export async function diskSize(dir: string): Promise<number> {
  const { stdout } = await promisify(execFile)('du', ['-sb', dir]);
  return Number(stdout.split('\t')[0]);
}
