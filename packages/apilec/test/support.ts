import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export const LIBRARY = here('../build/linux-x64/libapilec.so');
export const PROBE = here('../build/test/probe');
export const CLI = here('../../cli/dist/bin.js');
export const VIRTUAL_CARD = here('../../virtual-card/dist/cli.js');
export const FIXTURES = here('../../../fixtures/cards/');
export const DEMO_READER = 'OpenVitale demo reader';

/** The codes of include/apilec.h, by name, so that a test reads like the header. */
export const E = {
  OK: 0,
  NULL_POINTER: 1,
  BAD_PARAMETER: 2,
  NOT_INITIALISED: 3,
  ALREADY_INITIALISED: 4,
  BUSY: 5,
  INI_MISSING: 10,
  INI_INVALID: 11,
  ENGINE_MISSING: 12,
  ENGINE_FAILED: 13,
  ENGINE_TIMEOUT: 14,
  BUFFER_TOO_SMALL: 15,
  SYSTEM: 16,
  INTERRUPTED: 17,
  NO_CARD: 20,
  NOT_VITALE: 21,
  CARD_REMOVED: 22,
  READER_UNAVAILABLE: 23,
  READ_FAILED: 24,
  VITALE_1: 25,
} as const;

export const CARD = {
  UNKNOWN: 0,
  READ: 1,
  ABSENT: 2,
  NOT_VITALE: 3,
  REMOVED: 4,
  ERROR: 5,
  VITALE_1: 6,
} as const;
export const MODE = { PCSC: 1, GALSS: 2, DEMO: 3 } as const;

/** One call as the probe prints it. */
export interface Step {
  readonly step: 'init' | 'read' | 'finir';
  readonly ret: number;
  readonly err: number;
  readonly mode?: number;
  readonly state?: number;
  readonly length?: number;
}

/** A finished program: its exit code (null when killed), its output. */
export interface Finished {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Runs a program to its end with an argument vector. */
export function runProgram(
  file: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<Finished> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        env: options.env ?? process.env,
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 60_000,
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

export interface ProbeRun {
  readonly steps: Step[];
  readonly stderr: string;
  readonly code: number | null;
}

/** Runs the probe program with these steps, one JSON line per call; see test/probe.c. */
export async function probe(
  steps: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<ProbeRun> {
  const run = await runProgram(PROBE, [LIBRARY, ...steps], options);
  return { steps: probeSteps(run.stdout), stderr: run.stderr, code: run.code };
}

/** The probe's output (test/probe.c), built for Linux or Windows: one JSON line per call. */
export function probeSteps(stdout: Buffer): Step[] {
  return stdout
    .toString('utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Step);
}

/** A new folder holding an api_lec.ini with these lines (CRLF, as Windows tools write it). */
export function iniFolder(lines: readonly string[]): string {
  const dir = tempFolder();
  writeFileSync(join(dir, 'api_lec.ini'), `${lines.join('\r\n')}\r\n`, 'latin1');
  return `${dir}/`;
}

/** The lines that make the library run this repository's CLI with the demo card. */
export function demoEngine(...more: string[]): string[] {
  return [
    `OpenVitaleCommande=${process.execPath}`,
    `OpenVitaleScript=${CLI}`,
    'OpenVitaleTransport=demo',
    ...more,
  ];
}

/** `openvitale read --format xml` with this ini, as a user runs it: its stdout bytes and exit code. */
export function cliRead(dir: string, extra: readonly string[] = []): Promise<Finished> {
  return runProgram(process.execPath, [
    CLI,
    'read',
    '--format',
    'xml',
    '--config',
    join(dir, 'api_lec.ini'),
    ...extra,
  ]);
}

/** A new temporary folder. */
export function tempFolder(): string {
  return mkdtempSync(join(tmpdir(), 'openvitale-apilec-'));
}

/**
 * A stand-in for the CLI, to test what the library does with what the CLI
 * cannot be made to do on purpose (hang, print too much, exit with a code
 * it does not document): a JavaScript file the library runs with node.
 */
export function fakeEngine(source: string): string[] {
  const path = join(tempFolder(), 'engine.mjs');
  writeFileSync(path, source);
  return [`OpenVitaleCommande=${process.execPath}`, `OpenVitaleScript=${path}`];
}
