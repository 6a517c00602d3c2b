import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProfile } from '@openvitale/virtual-card';
import { insertIntoVpcd } from '@openvitale/virtual-card/vpcd';
import { MOCK_CLIENT_LIBRARY, startGalssMock } from '@openvitale-tools/galss-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Install, npmInstall } from '../src/npm.js';
import { type LocalRegistry, startRegistry } from '../src/registry.js';
import { bumpVersion, dryRunRelease, type Release } from '../src/release.js';
import { bareNodePath, cleanEnv, removeBareNodePath, run } from '../src/run.js';
import { type Tarball, tarballText } from '../src/tarballs.js';

const ENABLED = process.env.OPENVITALE_PUBLISH_CHECK === '1';
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CONSUMERS = fileURLToPath(new URL('../consumers/', import.meta.url));
const PROFILE = join(ROOT, 'fixtures/cards/vitale2-single.json');
/** The person on that profile, as the reads print it. */
const PERSON = { surname: 'LEROUX', givenName: 'JULIEN', birthDate: '19720308', nir: '172034410902736' };
const MINUTE = 60_000;
/** The root package.json: the repository's address and the tool versions it pins. */
const REPOSITORY = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  repository: { url: string };
  devDependencies: Record<string, string>;
};
const SITE = REPOSITORY.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

let release: Release;
let registry: LocalRegistry;
const sizes: string[] = [];

const folders: string[] = [];
async function emptyFolder(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `openvitale-${name}-`));
  folders.push(dir);
  return dir;
}

/** Installs `specs` in a new empty folder (or a global prefix) and records the profile's size. */
async function profile(
  name: string,
  specs: readonly string[],
  options: { global?: boolean; hideHeaders?: boolean } = {},
) {
  const dir = await emptyFolder(name);
  const install = await npmInstall(dir, specs, { registry: registry.url, ...options });
  sizes.push(
    `${name.padEnd(28)} ${String(install.packages.length).padStart(3)} packages ${mb(install.bytes).padStart(8)} ` +
      `${(install.durationMs / 1000).toFixed(1).padStart(5)} s  (${specs.join(' ')})`,
  );
  return { dir, install };
}

/** A consumer folder of `consumers/`, with `packages` and the TypeScript and Node types this repository pins. */
async function typescriptConsumer(name: string, packages: readonly string[]): Promise<string> {
  const dir = await emptyFolder(name);
  await cp(join(CONSUMERS, name), dir, { recursive: true });
  const typescript = ['typescript', '@types/node'].map(
    (tool) => `${tool}@${REPOSITORY.devDependencies[tool]}`,
  );
  await npmInstall(dir, [...packages, ...typescript], { registry: registry.url });
  return dir;
}

function names(install: Install): Set<string> {
  return new Set(install.packages.map((p) => p.name));
}

/** What a profile must have installed, and what it must not. */
function expectTree(install: Install, has: readonly string[], lacks: readonly string[]): void {
  const installed = names(install);
  for (const name of has) expect(installed, `${name} installed`).toContain(name);
  for (const name of lacks) expect(installed, `${name} not installed`).not.toContain(name);
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

function tarball(name: string): Tarball {
  const found = release.tarballs.find((t) => t.manifest.name === name);
  if (!found) throw new Error(`no tarball of ${name}`);
  return found;
}

describe.skipIf(!ENABLED)('a release, proven from the packed tarballs', () => {
  beforeAll(async () => {
    const build = await run('pnpm', ['build'], { cwd: ROOT, env: cleanEnv(), timeoutMs: 10 * MINUTE });
    if (build.code !== 0) throw new Error(`pnpm build failed:\n${build.stdout}${build.stderr}`);
    release = await dryRunRelease(ROOT);
    registry = await startRegistry(release.tarballs);
  }, 15 * MINUTE);

  afterAll(async () => {
    await registry?.close();
    const made = release === undefined ? folders : [...folders, release.dir];
    await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
    removeBareNodePath();
    if (release === undefined) return;
    const lines = release.tarballs.map((t) => {
      const unpacked = [...t.files.values()].reduce((a, b) => a + b, 0);
      return `${`${t.manifest.name}@${t.manifest.version}`.padEnd(36)} ${String(t.files.size).padStart(4)} files ${mb(t.bytes).padStart(8)} packed ${mb(unpacked).padStart(8)} unpacked`;
    });
    console.log(
      ['Tarballs:', ...lines, '', 'Installs (npm, packages on disk, size, time):', ...sizes].join('\n'),
    );
  });

  describe('release dry run on a scratch copy', () => {
    it('changeset version gives each package the version its changesets ask for, and no more', () => {
      expect(release.after.size).toBeGreaterThan(0);
      for (const [name, before] of release.before) {
        const asked = release.requests.bumps.get(name);
        const after = release.after.get(name);
        // A package no changeset names may still get a patch, as a dependent of a bumped package.
        const allowed = asked ? [bumpVersion(before, asked)] : [before, bumpVersion(before, 'patch')];
        expect(allowed, `${name} ${before} -> ${after}`).toContain(after);
      }
    });

    it('writes each bumped package a changelog entry with every summary of its changesets', async () => {
      for (const [name, after] of release.after) {
        if (after === release.before.get(name)) continue;
        const changelog = await readFile(
          join(release.dir, 'packages', name.split('/')[1] as string, 'CHANGELOG.md'),
          'utf8',
        );
        expect(changelog.split('\n').find((line) => line.startsWith('## '))).toBe(`## ${after}`);
        for (const summary of release.requests.summaries.get(name) ?? []) {
          expect(changelog, `${name}: ${summary.slice(0, 40)}…`).toContain(
            (summary.split('\n')[0] as string).slice(0, 120),
          );
        }
      }
    });

    it('packs every published package, with workspace ranges replaced by the new versions', () => {
      expect(release.tarballs.map((t) => t.manifest.name).sort()).toEqual([...release.after.keys()].sort());
      for (const { manifest } of release.tarballs) {
        expect(JSON.stringify(manifest), manifest.name).not.toContain('workspace:');
        expect(manifest.version).toBe(release.after.get(manifest.name));
        for (const field of ['dependencies', 'optionalDependencies'] as const) {
          for (const [dependency, range] of Object.entries(
            (manifest[field] ?? {}) as Record<string, string>,
          )) {
            if (release.after.has(dependency))
              expect(range, `${manifest.name} ${field}`).toBe(`^${release.after.get(dependency)}`);
          }
        }
        for (const [dependency, range] of Object.entries(
          (manifest.peerDependencies ?? {}) as Record<string, string>,
        )) {
          if (release.after.has(dependency)) expect(range, `${manifest.name} peer ${dependency}`).toBe('^0');
        }
      }
    });

    it('pnpm publish --dry-run goes through for every package', () => {
      const output = release.steps.publish.stdout + release.steps.publish.stderr;
      for (const [name, version] of release.after) expect(output).toContain(`+ ${name}@${version}`);
    });

    it(
      'publint and are-the-types-wrong are clean on each tarball, with the lint profile the package uses',
      async () => {
        const bin = join(ROOT, 'node_modules', '.bin');
        await Promise.all(
          release.tarballs.map(async (t) => {
            const dir = await emptyFolder('publint');
            await run('tar', ['-xzf', t.path, '-C', dir], { cwd: dir });
            const publint = await run(
              join(bin, 'publint'),
              ['--strict', '--pack', 'false', join(dir, 'package')],
              { cwd: dir },
            );
            expect(publint.code, `${t.manifest.name}: ${publint.stdout}${publint.stderr}`).toBe(0);
            const lint = String((t.manifest.scripts as Record<string, string>).lint);
            const profileArgs = /--profile (\S+)/.exec(lint);
            const attw = await run(
              join(bin, 'attw'),
              [t.path, ...(profileArgs ? ['--profile', profileArgs[1] as string] : [])],
              {
                cwd: dir,
                env: cleanEnv({ NO_COLOR: '1' }),
              },
            );
            expect(attw.code, `${t.manifest.name}: ${attw.stdout}${attw.stderr}`).toBe(0);
          }),
        );
      },
      5 * MINUTE,
    );

    it('every tarball holds the licence and the same package metadata', async () => {
      const licence = await readFile(join(ROOT, 'LICENSE'), 'utf8');
      expect(licence).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} The OpenVitale contributors\n/);
      for (const t of release.tarballs) {
        const { manifest } = t;
        const folder = `packages/${manifest.name.split('/')[1]}`;
        expect(await tarballText(t.path, 'LICENSE'), manifest.name).toBe(licence);
        expect(t.files.has('README.md'), manifest.name).toBe(true);
        expect(manifest).toMatchObject({
          license: 'MIT',
          author: 'The OpenVitale contributors',
          repository: { type: 'git', url: REPOSITORY.repository.url, directory: folder },
          homepage: `${SITE}/tree/main/${folder}#readme`,
          bugs: { url: `${SITE}/issues` },
          engines: { node: '>=20.19' },
          publishConfig: { access: 'public' },
        });
        expect(manifest.keywords, manifest.name).toEqual(
          expect.arrayContaining(['carte-vitale', 'sesam-vitale']),
        );
      }
    });

    it("README links stay inside the package or point at the repository's public files", async () => {
      const tracked = (await run('git', ['ls-files'], { cwd: ROOT })).stdout.split('\n');
      let repositoryLinks = 0;
      for (const t of release.tarballs) {
        const readme = await tarballText(t.path, 'README.md');
        for (const link of readme.matchAll(/\]\(([^)\s]+)\)|href="([^"]+)"/g)) {
          const target = (link[1] ?? link[2]) as string;
          if (target.startsWith('#') || target.startsWith('mailto:')) continue;
          const where = `${t.manifest.name} README: ${target}`;
          if (target.startsWith(`${SITE}/`)) {
            const path = /^\/(?:blob|tree)\/main\/([^#?]*)/.exec(target.slice(SITE.length))?.[1];
            expect(path, where).toBeDefined();
            const inRepository = tracked.some(
              (f) => f === path || f.startsWith(`${path?.replace(/\/$/, '')}/`),
            );
            expect(inRepository, where).toBe(true);
            repositoryLinks += 1;
          } else if (!/^https?:\/\//.test(target)) {
            expect(t.files.has(target.replace(/^\.\//, '').replace(/#.*$/, '')), where).toBe(true);
          }
        }
      }
      expect(repositoryLinks).toBeGreaterThan(0);
    });
  });

  describe('what a site installs, with plain npm install --ignore-scripts and node alone on the PATH', () => {
    it(
      'decoder only: the decoder and its error root, nothing else (no koffi, no XML library); its API runs',
      async () => {
        const { dir, install } = await profile('decoder-only', ['@openvitale/decoder']);
        expect([...names(install)].sort()).toEqual(['@openvitale/decoder', '@openvitale/errors']);
        await cp(join(CONSUMERS, 'decoder.mjs'), join(dir, 'decoder.mjs'));
        const result = await run(join(bareNodePath(), 'node'), ['decoder.mjs'], {
          cwd: dir,
          env: cleanEnv({ PATH: bareNodePath() }),
        });
        expect(result.stderr).toBe('');
        expect(JSON.parse(result.stdout)).toEqual({ atr: 'vitale-2', tags: ['65'], keyValid: true });
      },
      5 * MINUTE,
    );

    it(
      'PC/SC only (reader + transport-pcsc): no WebSocket, agent, demo card or GALSS; the README example reads a card through pcscd',
      async () => {
        const { dir, install } = await profile(
          'pcsc-only',
          ['@openvitale/reader', '@openvitale/transport-pcsc'],
          {
            hideHeaders: true,
          },
        );
        expectTree(
          install,
          [
            '@openvitale/reader',
            '@openvitale/transport-pcsc',
            '@openvitale/transport',
            '@openvitale/decoder',
            '@openvitale/format',
          ],
          [
            'ws',
            '@openvitale/agent',
            '@openvitale/virtual-card',
            '@openvitale/transport-galss',
            '@openvitale/cli',
          ],
        );
        // No addon to compile: the binding reaches the system's PC/SC library through koffi's prebuilt binary.
        expect(tarball('@openvitale/transport-pcsc').manifest.dependencies).toEqual({ koffi: '3.3.4' });
        expect(names(install)).not.toContain('smartcard');
        const readme = await readFile(join(install.nodeModules, '@openvitale/reader/README.md'), 'utf8');
        const example = /## Reading a card\n+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
        expect(example).toBeDefined();
        await writeFile(join(dir, 'read.mjs'), example as string);
        const inside = process.env.OPENVITALE_PCSCD === '1' ? [] : [join(ROOT, 'scripts/with-pcscd.sh')];
        const script = join(CONSUMERS, 'pcsc-read.sh');
        const cardCli = join(ROOT, 'packages/virtual-card/dist/cli.js');
        const args = [...inside, script, cardCli, PROFILE, dir, 'read.mjs', bareNodePath()];
        const result = await run(args[0] as string, args.slice(1), {
          cwd: dir,
          env: cleanEnv(),
          timeoutMs: 2 * MINUTE,
        });
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout.trim()).toBe(
          `${PERSON.surname} ${PERSON.givenName} ${PERSON.birthDate} ${PERSON.nir}`,
        );
        expect(install.headersHidden || process.env.OPENVITALE_NO_NAMESPACE === '1').toBe(true);
      },
      5 * MINUTE,
    );

    it(
      'GALSS only (reader + transport-galss): no PC/SC transport, WebSocket or demo card; reads a card through a GALSS library',
      async () => {
        const { dir, install } = await profile('galss-only', [
          '@openvitale/reader',
          '@openvitale/transport-galss',
        ]);
        expectTree(
          install,
          ['@openvitale/reader', '@openvitale/transport-galss', '@openvitale/transport', 'koffi'],
          ['@openvitale/transport-pcsc', 'smartcard', 'ws', '@openvitale/agent', '@openvitale/virtual-card'],
        );
        // The GALSS stand-in: its client library, its server, a card in the "Vitale" slot.
        const socketPath = join(tmpdir(), `openvitale-galss-${randomUUID().slice(0, 8)}.sock`);
        // A site's galss.ini with CPS and Vitale slots (the mock's card slots take any free port).
        const ini = await readFile(join(ROOT, 'fixtures/galss/pcsc-two-readers.ini'), 'utf8');
        const mock = await startGalssMock({ ini, socketPath });
        const card = await insertIntoVpcd(await loadProfile(PROFILE), {
          port: mock.cardPort('Vitale'),
          quickAck: false,
        });
        try {
          await cp(join(CONSUMERS, 'galss.mjs'), join(dir, 'galss.mjs'));
          const env = cleanEnv({
            PATH: bareNodePath(),
            OPENVITALE_GALSS_LIBRARY: MOCK_CLIENT_LIBRARY,
            GALSS_MOCK_SOCKET: socketPath,
          });
          const result = await run(join(bareNodePath(), 'node'), ['galss.mjs'], {
            cwd: dir,
            env,
            timeoutMs: MINUTE,
          });
          expect(result.code, result.stderr).toBe(0);
          expect(JSON.parse(result.stdout)).toEqual({
            reader: 'Vitale',
            persons: [[PERSON.surname, PERSON.givenName]],
          });
        } finally {
          await card.close();
          await mock.close();
        }
      },
      5 * MINUTE,
    );

    it(
      'the CLI (npm i -g): PC/SC only, no agent, WebSocket or demo card; a command that needs one says which to add; the README lines add the demo card and the agent',
      async () => {
        const { dir, install } = await profile('cli', ['@openvitale/cli'], { global: true });
        expectTree(
          install,
          ['@openvitale/cli', '@openvitale/reader', '@openvitale/transport-pcsc', '@openvitale/format'],
          ['ws', '@openvitale/agent', '@openvitale/virtual-card', '@openvitale/transport-galss'],
        );
        const env = cleanEnv({ PATH: `${join(dir, 'bin')}:${bareNodePath()}` });
        const openvitale = (...args: string[]) =>
          run(join(dir, 'bin', 'openvitale'), args, { cwd: dir, env });
        expect((await openvitale('--version')).stdout.trim()).toBe(release.after.get('@openvitale/cli'));
        const demo = await openvitale('read', '--transport', 'demo');
        expect(demo.code).toBe(6);
        expect(demo.stderr).toContain(
          '--transport demo needs @openvitale/virtual-card, which is not installed: install it beside @openvitale/cli',
        );
        const serve = await openvitale('serve');
        expect(serve.code).toBe(6);
        expect(serve.stderr).toContain('openvitale serve needs @openvitale/agent, which is not installed');
        // GALSS too is added beside the CLI, and the commands that need it say so.
        await writeFile(join(dir, 'galss.ini'), '[CONFIG]\r\n');
        for (const args of [
          ['migrate-galss', 'galss.ini'],
          ['read', '--transport', 'galss'],
        ]) {
          const galss = await openvitale(...args);
          expect(galss.code).toBe(6);
          expect(galss.stderr).toContain(
            '@openvitale/transport-galss is not installed: install it beside @openvitale/cli',
          );
        }
        const doctorAlone = await openvitale('doctor', '--agent-port', '9');
        expect(doctorAlone.stdout).toMatch(
          /WARN local agent: openvitale serve needs @openvitale\/agent, which is not installed/,
        );
        expect(doctorAlone.stdout).toMatch(
          /WARN GALSS library: @openvitale\/transport-galss is not installed: install it beside @openvitale\/cli/,
        );

        // The CLI README's install line, then its demo read.
        const cliReadme = await readFile(join(install.nodeModules, '@openvitale/cli/README.md'), 'utf8');
        const line = /^npm i -g (@openvitale\/cli @openvitale\/virtual-card)\b/m.exec(cliReadme)?.[1];
        expect(line).toBeDefined();
        const { install: withDemo } = await profile('cli-with-demo-card', (line as string).split(' '), {
          global: true,
        });
        expect(names(withDemo)).toContain('@openvitale/virtual-card');
        expect(names(withDemo)).not.toContain('ws');
        const prefix = join(withDemo.nodeModules, '..', '..');
        const xml = await run(
          join(prefix, 'bin', 'openvitale'),
          ['read', '--transport', 'demo', '--format', 'xml'],
          {
            cwd: prefix,
            env: cleanEnv({ PATH: `${join(prefix, 'bin')}:${bareNodePath()}` }),
          },
        );
        expect(xml.code, xml.stderr).toBe(0);
        expect(xml.stdout).toContain('<T_AsnDonneesVitale>');

        // The agent README's install line: serve's package is then found (doctor reaches its status check).
        const agentReadme = await tarballText(tarball('@openvitale/agent').path, 'README.md');
        const agentLine = /^npm i -g (@openvitale\/cli @openvitale\/agent)\b/m.exec(agentReadme)?.[1];
        expect(agentLine).toBeDefined();
        const { install: withAgent } = await profile('cli-with-agent', (agentLine as string).split(' '), {
          global: true,
        });
        expect(names(withAgent)).toContain('ws');
        const agentPrefix = join(withAgent.nodeModules, '..', '..');
        const doctor = await run(join(agentPrefix, 'bin', 'openvitale'), ['doctor', '--agent-port', '9'], {
          cwd: agentPrefix,
          env: cleanEnv({ PATH: `${join(agentPrefix, 'bin')}:${bareNodePath()}` }),
        });
        expect(doctor.stdout).toMatch(/WARN local agent: not running/);
      },
      8 * MINUTE,
    );

    it(
      'a TypeScript ES-module consumer (module nodenext, skipLibCheck off) type-checks against the packed types',
      async () => {
        const dir = await typescriptConsumer('typescript-esm', [
          '@openvitale/reader',
          '@openvitale/transport-pcsc',
          '@openvitale/format',
        ]);
        const tsc = await run(join(bareNodePath(), 'node'), ['node_modules/typescript/bin/tsc', '-p', '.'], {
          cwd: dir,
        });
        expect(tsc.code, tsc.stdout).toBe(0);
      },
      5 * MINUTE,
    );

    it(
      'a TypeScript CommonJS consumer type-checks under module node16 and node10, and its require() build reads the demo card',
      async () => {
        const dir = await typescriptConsumer('typescript-cjs', [
          '@openvitale/reader',
          '@openvitale/format',
          '@openvitale/virtual-card',
        ]);
        const node = join(bareNodePath(), 'node');
        const node10 = await run(node, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.node10.json'], {
          cwd: dir,
        });
        expect(node10.code, node10.stdout).toBe(0);
        const node16 = await run(node, ['node_modules/typescript/bin/tsc', '-p', '.'], { cwd: dir });
        expect(node16.code, node16.stdout).toBe(0);
        const built = await readFile(join(dir, 'out', 'index.js'), 'utf8');
        expect(built).toContain('require("@openvitale/reader")');
        const result = await run(node, ['out/index.js'], {
          cwd: dir,
          env: cleanEnv({ PATH: bareNodePath() }),
        });
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toContain('<T_AsnDonneesVitale>');
      },
      5 * MINUTE,
    );
  });
});
