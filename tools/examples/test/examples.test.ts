import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromiumAvailable } from '@openvitale-tools/chromium';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AGENT_URL, EXAMPLE_ORIGIN, RunningAgent } from '../src/agent.js';
import { runInBrowser } from '../src/browser.js';
import { type Example, helpExamples, markdownExamples, shellCommands } from '../src/extract.js';
import { withGalss } from '../src/galss.js';
import { makeSandbox, type Sandbox } from '../src/sandbox.js';
import { RUNS_UNTIL_STOPPED, runLine } from '../src/shell.js';

/**
 * Every example of every `openvitale … --help` and of every README of the
 * product (the repository's and each package's), run as written, in one
 * folder set up as a user's (src/sandbox.ts), in the order the
 * documentation gives them, each expected to succeed and to end: through
 * pcscd + vpcd with a synthetic card in "Virtual PCD 00 00" where they
 * need a reader, on the demo transport where they say so, the agent's API
 * examples against an agent started and paired as its README says, the web
 * page ones in headless Chromium. A command that runs until Ctrl-C (watch,
 * serve) gets SIGINT once it has written something, and must then end with 0.
 *
 * Not examples: `docs/` (the developer guide: its commands build and run
 * this very suite), `tools/` (private test helpers, not shipped),
 * `fixtures/` and `.changeset/`.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(ROOT, 'packages/cli/dist/bin.js');
const stack = process.env.OPENVITALE_PCSCD === '1';
if (process.env.CI && !stack) throw new Error('CI must run the tests through scripts/with-pcscd.sh');

/** Lines that set a machine up rather than use OpenVitale; each must still match a line somewhere. */
const NOT_RUN: readonly { readonly pattern: RegExp; readonly why: string }[] = [
  { pattern: /^sudo apt install\b/, why: 'installs system packages (CI installs them from nothing)' },
  { pattern: /^npm i -g\b/, why: 'installs from the registry, globally' },
  { pattern: /^pnpm add\b/, why: 'installs from the registry' },
  { pattern: /^bash scripts\/quickstart\.sh$/, why: 'installs system packages, then builds: what CI does' },
  { pattern: /^bash \.ci\/run$/, why: 'the CI itself, which runs this suite' },
  { pattern: /^systemctl --user\b/, why: 'needs a systemd user session' },
  { pattern: /^journalctl --user\b/, why: 'needs a systemd user session' },
];
const used = new Set<RegExp>();

function readmes(): string[] {
  const packages = readdirSync(join(ROOT, 'packages')).map((name) => `packages/${name}/README.md`);
  return ['README.md', ...packages.sort()];
}

/** The help of every command, in the order `openvitale --help` lists them. */
function helps(): Example[] {
  const help = (args: string[]) => execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  const main = help(['--help']);
  const commands = [
    ...main
      .split('Commands:')[1]!
      .split('\n\n')[0]!
      .matchAll(/^ {2}([a-z-]+)/gm),
  ].map((m) => m[1]!);
  return [
    ...helpExamples(main, 'openvitale --help'),
    ...commands.flatMap((command) => helpExamples(help([command, '--help']), `openvitale ${command} --help`)),
  ];
}

const examples: Example[] = stack
  ? [
      ...helps(),
      ...readmes().flatMap((file) => markdownExamples(readFileSync(join(ROOT, file), 'utf8'), file)),
    ]
  : [];

describe.skipIf(!stack)('every documented example runs as written, and ends', () => {
  let sandbox: Sandbox;
  let card: ChildProcess;

  beforeAll(async () => {
    sandbox = makeSandbox(ROOT);
    card = spawn(
      process.execPath,
      [
        join(ROOT, 'packages/virtual-card/dist/cli.js'),
        '--profile',
        join(ROOT, 'fixtures/cards/vitale2-single.json'),
        '--vpcd-port',
        '35963',
      ],
      { stdio: 'ignore' },
    );
    // pcscd sees a new card within about half a second.
    await new Promise((resolve) => setTimeout(resolve, 1500));
  });

  afterAll(() => {
    card?.kill('SIGTERM');
    rmSync(sandbox.dir, { recursive: true, force: true });
  });

  it('finds examples in the help and in the READMEs', () => {
    expect(examples.filter((e) => e.source.endsWith('--help')).length).toBeGreaterThan(10);
    expect(examples.filter((e) => e.kind === 'module').length).toBeGreaterThan(5);
  });

  const name = (e: Example) => (e.source.endsWith('--help') ? `${e.source}: ${e.code}` : e.source);
  it.each(examples.map((example) => [name(example), example] as const))(
    '%s',
    async (_, example) => {
      switch (example.kind) {
        case 'shell':
          return runShell(example);
        case 'module':
          return runModule(example);
        case 'browser':
          return runBrowser(example);
      }
    },
    120_000,
  );

  it('every line left out of the run still exists, so the list stays short', () => {
    expect(NOT_RUN.filter((entry) => !used.has(entry.pattern)).map((entry) => String(entry.pattern))).toEqual(
      [],
    );
  });

  async function runShell(example: Example): Promise<void> {
    const commands = shellCommands(example.code);
    // The agent README's API calls talk to a running, paired agent, which they do not start themselves.
    const agent = commands.some((c) => c.includes('127.0.0.1:7357'))
      ? await RunningAgent.start(sandbox)
      : undefined;
    try {
      const env = agent ? { TOKEN: await agent.pair(EXAMPLE_ORIGIN) } : {};
      for (const command of commands) {
        const skip = NOT_RUN.find((entry) => entry.pattern.test(command));
        if (skip) {
          used.add(skip.pattern);
          continue;
        }
        const untilStopped = RUNS_UNTIL_STOPPED.test(command);
        const outcome = await runLine(command, sandbox, {
          env,
          timeoutMs: 60_000,
          ...(untilStopped ? { stopAfterMs: 5_000 } : {}),
        });
        // Ctrl-C ends a command with 0, or with the shell's 130 when it does not catch SIGINT itself.
        const ended =
          outcome.code === 0 || (untilStopped && (outcome.code === 130 || outcome.signal === 'SIGINT'));
        expect(ended, `${command}\n${outcome.output}`).toBe(true);
      }
    } finally {
      await agent?.stop();
    }
  }

  async function runModule(example: Example): Promise<void> {
    const extension = { ts: 'ts', js: 'mjs', cjs: 'cjs', sh: 'sh' }[example.language];
    const file = join(sandbox.dir, `example-${example.source.replace(/[^a-z0-9]+/gi, '-')}.${extension}`);
    writeFileSync(file, example.code);
    if (example.language === 'cjs') {
      // CommonJS as its users run it: node, the packages' built CommonJS entries.
      const outcome = await runLine(`node ${file}`, sandbox, { timeoutMs: 60_000 });
      expect(outcome.code, outcome.output).toBe(0);
      return;
    }
    const run = async () => {
      const cwd = process.cwd();
      const home = process.env.HOME;
      process.chdir(sandbox.dir);
      process.env.HOME = sandbox.dir;
      const quiet = [
        vi.spyOn(console, 'log').mockImplementation(() => {}),
        vi.spyOn(console, 'error').mockImplementation(() => {}),
      ];
      try {
        await import(pathToFileURL(file).href);
      } finally {
        for (const spy of quiet) spy.mockRestore();
        process.chdir(cwd);
        process.env.HOME = home;
      }
    };
    await (example.code.includes("'@openvitale/transport-galss'") ? withGalss(ROOT, run) : run());
  }

  async function runBrowser(example: Example): Promise<void> {
    expect(chromiumAvailable(), 'chromium is needed (scripts/install-system-deps.sh)').toBe(true);
    const agent = await RunningAgent.start(sandbox);
    try {
      const token = await agent.pair(AGENT_URL);
      const logged = await runInBrowser(example.code, `${AGENT_URL}/`, token);
      expect(logged.length, 'the example logged nothing').toBeGreaterThan(0);
    } finally {
      await agent.stop();
    }
  }
});
