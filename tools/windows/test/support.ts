import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inject } from 'vitest';
import { REPO, SCRIPTS, WINE_SH } from './paths.js';

export { FIXTURES, REPO } from './paths.js';

export type Arch = 'X64' | 'IA32';

/** What `scripts/wine.sh setup` wrote in `wine.json`. */
export interface WineSetup {
  readonly dir: string;
  readonly WINEPREFIX: string;
  readonly ARCHES: string;
  readonly [key: string]: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder `scripts/wine.sh setup` made, or null when the Windows runs are off. */
    wineDir: string | null;
  }
}

function loadSetup(): WineSetup | undefined {
  const dir = inject('wineDir');
  if (dir === null) return undefined;
  const written = JSON.parse(readFileSync(join(dir, 'wine.json'), 'utf8')) as Record<string, string>;
  return { ...written, dir, WINEPREFIX: written.WINEPREFIX!, ARCHES: written.ARCHES! };
}

export const wine = loadSetup();
export const arches: readonly Arch[] = wine ? (wine.ARCHES.split(' ') as Arch[]) : [];

function need(): WineSetup {
  if (!wine) throw new Error('the Windows runs are off (OPENVITALE_WINE=1 turns them on)');
  return wine;
}

/**
 * The Linux path of a file given by its Windows path on drive C: of the
 * prefix. Windows names ignore case (C:\WINDOWS is drive_c/windows): each
 * part takes the case of an existing entry.
 */
export function unixPath(windowsPath: string): string {
  const match = /^C:\\(.*)$/i.exec(windowsPath);
  if (!match) throw new Error(`not a path on drive C: ${windowsPath}`);
  let path = join(need().WINEPREFIX, 'drive_c');
  for (const part of match[1]!.split('\\').filter((p) => p !== '')) {
    const existing = existsSync(path)
      ? readdirSync(path).find((e) => e.toLowerCase() === part.toLowerCase())
      : undefined;
    path = join(path, existing ?? part);
  }
  return path;
}

/** A new empty folder on drive C:, by its Windows path. */
export function windowsTempDir(name: string): string {
  const root = unixPath('C:\\openvitale\\work');
  mkdirSync(root, { recursive: true });
  const made = mkdtempSync(join(root, `${name}-`));
  return `C:\\openvitale\\work\\${made.slice(root.length + 1)}`;
}

/** A new empty folder for the Linux side, inside the Wine setup's folder (removed with it). */
export function linuxTempDir(name: string): string {
  const root = join(need().dir, 'linux');
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, `${name}-`));
}

export interface Run {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Without colour switches or CI flags that would change the output under test. */
function cleanEnv(): NodeJS.ProcessEnv {
  const { NO_COLOR: _n, FORCE_COLOR: _f, ...env } = process.env;
  return env;
}

/** Runs a program to its end, without colour switches (`cleanEnv`) and with `env` added. */
function execute(
  file: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: { ...cleanEnv(), ...options.env },
        timeout: options.timeoutMs,
        encoding: 'buffer',
      },
      (error, stdout, stderr) => {
        const failed = error as (Error & { code?: unknown }) | null;
        resolve({
          code: failed ? (typeof failed.code === 'number' ? failed.code : null) : 0,
          stdout,
          stderr: stderr.toString('utf8'),
        });
      },
    );
  });
}

export interface WindowsRunOptions {
  /** Default: X64. */
  readonly arch?: Arch;
  /** A Windows folder on C:; default: the install of `arch`. */
  readonly cwd?: string;
  /** Added to the environment (Wine passes it on; `WINEPATH` goes before the Windows PATH). */
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs a Windows program in the prefix with `scripts/wine.sh run` (outputs in files). */
export async function runWindows(
  program: string,
  args: readonly string[],
  options: WindowsRunOptions = {},
): Promise<Run> {
  const setup = need();
  const outputs = linuxTempDir('run');
  const out = join(outputs, 'run');
  const cwd = unixPath(options.cwd ?? setup[`APP_${options.arch ?? 'X64'}`]!);
  const { code } = await execute('bash', [WINE_SH, 'run', setup.dir, out, program, ...args], {
    cwd,
    env: options.env ?? {},
    timeoutMs: 180_000,
  });
  const run = { code, stdout: readFileSync(`${out}.stdout`), stderr: readFileSync(`${out}.stderr`, 'utf8') };
  rmSync(outputs, { recursive: true });
  return run;
}

/** `node.exe <script in the install of the arch> args` on Windows. */
export function nodeOnWindows(script: string, args: readonly string[], options: WindowsRunOptions = {}) {
  const setup = need();
  const arch = options.arch ?? 'X64';
  return runWindows(setup[`NODE_${arch}`]!, [`${setup[`APP_${arch}`]}\\${script}`, ...args], options);
}

/** `openvitale args` on Windows: the CLI of the flat install, run by node.exe. */
export function openvitaleOnWindows(args: readonly string[], options: WindowsRunOptions = {}) {
  return nodeOnWindows('node_modules\\@openvitale\\cli\\dist\\bin.js', args, options);
}

const CLI = join(
  dirname(createRequire(import.meta.url).resolve('@openvitale/cli/package.json')),
  'dist',
  'bin.js',
);

/** `node args` on Linux, from the repository's root. */
function runLinux(args: readonly string[]): Promise<Run> {
  return execute(process.execPath, args, { cwd: REPO, timeoutMs: 60_000 });
}

/** `openvitale args` on Linux, from the workspace's build (what was packed). */
export function openvitaleOnLinux(args: readonly string[]): Promise<Run> {
  return runLinux([CLI, ...args]);
}

/** One of `windows/*.mjs` on Linux, resolving the workspace's packages. */
export function nodeOnLinux(script: string, args: readonly string[]): Promise<Run> {
  return runLinux([join(SCRIPTS, script), ...args]);
}

/** A failed run's outputs, for an assertion's message. */
export function describeRun(run: Run): string {
  return `exit ${run.code}\nstdout: ${run.stdout.toString('utf8').slice(0, 2000)}\nstderr: ${run.stderr}`;
}
