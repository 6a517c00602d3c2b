import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cleanEnv, type Finished, run } from './run.js';
import { readTarball, type Tarball } from './tarballs.js';

export type Bump = 'major' | 'minor' | 'patch';

/** What the pending changesets ask for: the highest bump and every summary, per package. */
export interface Requests {
  readonly bumps: ReadonlyMap<string, Bump>;
  readonly summaries: ReadonlyMap<string, readonly string[]>;
}

export interface Release {
  /** The scratch copy, versioned. */
  readonly dir: string;
  readonly requests: Requests;
  readonly before: ReadonlyMap<string, string>;
  readonly after: ReadonlyMap<string, string>;
  /** `changeset version`, `scripts/pack.sh`, `pnpm publish --dry-run`. */
  readonly steps: Readonly<Record<'version' | 'pack' | 'publish', Finished>>;
  /** The versioned packages, packed by scripts/pack.sh. */
  readonly tarballs: readonly Tarball[];
}

const ORDER: readonly Bump[] = ['patch', 'minor', 'major'];

/** `0.0.0` + `minor` → `0.1.0` (no pre-releases here). */
export function bumpVersion(version: string, bump: Bump): string {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/** Reads the pending changesets of a repository (`.changeset/*.md` but its README). */
export async function readRequests(root: string): Promise<Requests> {
  const bumps = new Map<string, Bump>();
  const summaries = new Map<string, string[]>();
  const dir = join(root, '.changeset');
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
    const text = await readFile(join(dir, file), 'utf8');
    const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
    if (!match) throw new Error(`.changeset/${file} has no front matter`);
    const summary = (match[2] as string).trim();
    for (const line of (match[1] as string).split('\n')) {
      const entry = /^\s*["']?(@?[^"':\s]+)["']?\s*:\s*(major|minor|patch)\s*$/.exec(line);
      if (!entry) throw new Error(`.changeset/${file}: cannot read "${line}"`);
      const [, name, bump] = entry as unknown as [string, string, Bump];
      const known = bumps.get(name);
      if (known === undefined || ORDER.indexOf(bump) > ORDER.indexOf(known)) bumps.set(name, bump);
      summaries.set(name, [...(summaries.get(name) ?? []), summary]);
    }
  }
  return { bumps, summaries };
}

async function versions(root: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const name of await readdir(join(root, 'packages'))) {
    const manifest = JSON.parse(await readFile(join(root, 'packages', name, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    found.set(manifest.name, manifest.version);
  }
  return found;
}

function checked(step: string, result: Finished): Finished {
  if (result.code !== 0)
    throw new Error(`${step} failed (exit ${result.code}):\n${result.stderr}${result.stdout}`);
  return result;
}

/**
 * A release on a scratch copy of the repository (its files, tracked or
 * new, and the packages' built `dist`): `changeset version`, then the
 * versioned packages packed by scripts/pack.sh and published with
 * `--dry-run`. The repository itself is not touched.
 */
export async function dryRunRelease(root: string): Promise<Release> {
  const dir = await mkdtemp(join(tmpdir(), 'openvitale-release-'));
  try {
    return await releaseIn(dir, root);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function releaseIn(dir: string, root: string): Promise<Release> {
  const { stdout } = checked(
    'git ls-files',
    await run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root }),
  );
  const files = stdout.split('\0').filter((f) => f !== '');
  for (const file of files) {
    await mkdir(join(dir, dirname(file)), { recursive: true });
    await cp(join(root, file), join(dir, file));
  }
  // What the build made and git ignores: dist/ (TypeScript), build/ (the C libraries of packages/apilec).
  for (const name of await readdir(join(root, 'packages'))) {
    const outputs = ['dist', 'build'].filter((output) => existsSync(join(root, 'packages', name, output)));
    if (outputs.length === 0) throw new Error(`packages/${name} is not built: run pnpm build first`);
    for (const output of outputs) {
      await cp(join(root, 'packages', name, output), join(dir, 'packages', name, output), {
        recursive: true,
      });
    }
  }
  // changesets takes each entry's commit from git for the changelogs.
  const git = [
    '-c',
    'user.name=OpenVitale release check',
    '-c',
    'user.email=release-check@openvitale.invalid',
  ];
  checked('git init', await run('git', ['init', '-q'], { cwd: dir }));
  checked('git add', await run('git', ['add', '-A'], { cwd: dir }));
  checked('git commit', await run('git', [...git, 'commit', '-qm', 'scratch copy'], { cwd: dir }));
  // The locked dependencies, from this machine's pnpm store: pack resolves workspace ranges through them.
  const env = cleanEnv();
  const install = ['install', '--frozen-lockfile', '--offline', '--ignore-scripts'];
  checked('pnpm install', await run('pnpm', install, { cwd: dir, env, timeoutMs: 600_000 }));

  const requests = await readRequests(dir);
  const before = await versions(dir);
  const changeset = join(dir, 'node_modules', '.bin', 'changeset');
  const version = checked('changeset version', await run(changeset, ['version'], { cwd: dir, env }));
  const after = await versions(dir);
  const packDir = join(dir, '.tarballs');
  const pack = checked(
    'scripts/pack.sh',
    await run('bash', ['scripts/pack.sh', '--built', packDir], { cwd: dir, env }),
  );
  const tarballs = await Promise.all(
    pack.stdout
      .split('\n')
      .filter((line) => line.endsWith('.tgz'))
      .map((path) => readTarball(path)),
  );
  const publish = checked(
    'pnpm publish --dry-run',
    await run('pnpm', ['-r', '--filter', './packages/*', 'publish', '--dry-run', '--no-git-checks'], {
      cwd: dir,
      env,
    }),
  );
  return { dir, requests, before, after, steps: { version, pack, publish }, tarballs };
}
