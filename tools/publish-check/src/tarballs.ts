import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What a package.json of a published package says, as far as these checks read it. */
export interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly [field: string]: unknown;
}

export interface Tarball {
  readonly path: string;
  readonly manifest: Manifest;
  /** The tarball's own size in bytes. */
  readonly bytes: number;
  /** Paths inside the package (without the `package/` prefix) and their sizes in bytes. */
  readonly files: ReadonlyMap<string, number>;
}

/** Reads a packed tarball's manifest and file list (GNU tar). */
export async function readTarball(path: string): Promise<Tarball> {
  const [{ stdout: manifest }, { stdout: listing }, { size }] = await Promise.all([
    run('tar', ['-xzOf', path, 'package/package.json'], { maxBuffer: 1 << 24 }),
    run('tar', ['-tzvf', path], { maxBuffer: 1 << 24 }),
    stat(path),
  ]);
  const files = new Map<string, number>();
  for (const line of listing.split('\n')) {
    // -rw-r--r-- 0/0  1234 1985-10-26 08:15 package/dist/index.js
    const match = /^\S+\s+\S+\s+(\d+)\s+\S+\s+\S+\s+package\/(.+)$/.exec(line);
    if (match) files.set(match[2] as string, Number(match[1]));
  }
  return { path, manifest: JSON.parse(manifest) as Manifest, bytes: size, files };
}

/** Reads one file of a tarball as text. */
export async function tarballText(path: string, file: string): Promise<string> {
  const { stdout } = await run('tar', ['-xzOf', path, `package/${file}`], { maxBuffer: 1 << 24 });
  return stdout;
}
