import { existsSync } from 'node:fs';
import { importTransport, isOpenVitaleError, kindFromAtr } from '@openvitale/reader';
import { quote, TransportError, type TransportProvider } from '@openvitale/transport';
import { parse, port } from '../args.js';
import { loadConfig } from '../config.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { failureOf } from '../failure.js';
import { libraryLocations } from '../library-search.js';
import { BESIDE, importAgent } from '../optional.js';
import { detectSystem, pcscLibraryFix, pcscServiceFix, type SystemInfo } from '../system.js';
import { type Io, palette, useColour } from '../terminal.js';

type Level = 'OK' | 'WARN' | 'FAIL';
interface Check {
  readonly level: Level;
  readonly name: string;
  /** What was found, then what to do. */
  readonly detail: string;
}

/** Where pcsc-lite's clients look for pcscd (PCSCLITE_CSOCK_NAME moves it, for them and for this check). */
const pcscdSocket = (env: NodeJS.ProcessEnv) => env.PCSCLITE_CSOCK_NAME || '/run/pcscd/pcscd.comm';

export async function doctor(argv: readonly string[], io: Io): Promise<ExitCode> {
  const { values } = parse('doctor', argv, {
    config: { type: 'string' },
    'agent-port': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const agentPort = port('doctor', 'agent-port', values['agent-port']);
  const checks: Check[] = [];
  const configCheck = await checkConfig(values.config);
  const system = detectSystem();
  const service = pcscd(system, io.env);
  checks.push(
    service,
    ...(await pcsc(system, service.level === 'FAIL')),
    ...(await galss(configCheck.galssLibrary, configCheck.mode, io.env)),
    configCheck.check,
    await agent(agentPort),
  );
  const paint = palette(useColour(io.stdout, io.env));
  const colour: Record<Level, (t: string) => string> = {
    OK: paint.green,
    WARN: paint.yellow,
    FAIL: paint.red,
  };
  io.stdout.write(
    checks.map((c) => `${colour[c.level](c.level.padEnd(4))} ${paint.bold(c.name)}: ${c.detail}\n`).join(''),
  );
  return checks.some((c) => c.level === 'FAIL') ? EXIT.DOCTOR_FAILED : EXIT.OK;
}

/** One fix per problem: the service's, for this OS and init system; the readers check then says "see above". */
function pcscd(system: SystemInfo, env: NodeJS.ProcessEnv): Check {
  const name = 'PC/SC service';
  if (system.platform !== 'linux') return { level: 'OK', name, detail: 'built into this system' };
  const socket = pcscdSocket(env);
  if (existsSync(socket)) return { level: 'OK', name, detail: `pcscd is running (${socket})` };
  const what = system.pcscdInstalled ? 'pcscd is not running' : 'pcscd is not installed';
  return { level: 'FAIL', name, detail: `${what}: ${pcscServiceFix(system)}` };
}

interface PcscModule {
  createPcscProvider(): TransportProvider & { close?: () => Promise<void> };
  loadKoffiBinding?: () => Promise<{ readonly name: string }>;
}

async function pcsc(system: SystemInfo, serviceDown: boolean): Promise<Check[]> {
  let module: PcscModule;
  try {
    module = (await importTransport('@openvitale/transport-pcsc', 'createPcscProvider', {
      beside: BESIDE,
    })) as unknown as PcscModule;
  } catch (error) {
    return [{ level: 'FAIL', name: 'PC/SC transport', detail: failureOf(error).message }];
  }
  const checks: Check[] = [];
  try {
    // The system's PC/SC library through koffi: its LIBRARY_MISSING message names the package to install.
    const binding = await module.loadKoffiBinding?.();
    checks.push({ level: 'OK', name: 'PC/SC library', detail: `loads (${binding?.name ?? 'binding'})` });
  } catch (error) {
    // The system library missing: the package to install here, said once; anything else as the transport says it.
    const fix =
      isOpenVitaleError(error) && error.code === 'LIBRARY_MISSING' ? pcscLibraryFix(system) : undefined;
    const detail = fix && isOpenVitaleError(error) ? `${error.summary}: ${fix}` : failureOf(error).message;
    return [{ level: 'FAIL', name: 'PC/SC library', detail }];
  }
  if (serviceDown) {
    return [
      ...checks,
      { level: 'WARN', name: 'readers', detail: 'not checked: the PC/SC service is not running (above)' },
    ];
  }
  const provider = module.createPcscProvider();
  try {
    const readers = await provider.listReaders();
    if (readers.length === 0) {
      checks.push({
        level: 'WARN',
        name: 'readers',
        detail:
          'no reader seen: plug one in; a SESAM-Vitale terminal in GALSS mode is invisible to PC/SC (switch it to PC/SC mode)',
      });
    } else {
      const names = readers.map((r) => `${quote(r.name)}${r.card ? ` (${kindFromAtr(r.card.atr)})` : ''}`);
      checks.push({ level: 'OK', name: 'readers', detail: `${readers.length} seen: ${names.join(', ')}` });
    }
  } catch (error) {
    // A service that stopped answering although its socket is there: the service's fix, said once.
    const detail =
      isOpenVitaleError(error) && error.code === 'SERVICE_UNAVAILABLE'
        ? `${error.summary}: ${pcscServiceFix(system)}`
        : failureOf(error).message;
    checks.push({ level: 'FAIL', name: 'readers', detail });
  } finally {
    await provider.close?.();
  }
  return checks;
}

/** Is the local service (openvitale serve) answering on its port? Not installed or not running is a warning: it is optional. */
async function agent(port: number | undefined): Promise<Check> {
  const name = 'local agent';
  let agentStatus: Awaited<ReturnType<typeof importAgent>>['agentStatus'];
  try {
    ({ agentStatus } = await importAgent('agentStatus', 'openvitale serve'));
  } catch (error) {
    return { level: 'WARN', name, detail: `${failureOf(error).message} (only needed by web applications)` };
  }
  const status = await agentStatus(port === undefined ? {} : { port });
  if (status.running)
    return { level: 'OK', name, detail: `running on ${status.url} (version ${status.version})` };
  return {
    level: 'WARN',
    name,
    detail: `${status.detail} on ${status.url}: only needed by web applications; start it with openvitale serve or as a user service (see @openvitale/agent)`,
  };
}

type GalssModule = typeof import('@openvitale/transport-galss');

/** How long the GALSS server has to answer one session opening. */
const GALSS_PING_MS = 5000;

/**
 * The GALSS client where the GALSS transport itself would load it from
 * (docs/domain/official-api.md §2.1; on Windows a bare DLL name through the
 * DLL search order), then whether the GALSS server answers:
 * without it every call fails with `8002`. A failure is FAIL when GALSS is
 * what this site uses (a library named, or `Mode=GALSS`), else WARN.
 */
async function galss(
  configured: string | undefined,
  mode: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<Check[]> {
  const name = 'GALSS library';
  const needed = 'only needed for --transport galss; sites should move to PC/SC (openvitale migrate-galss)';
  let module: GalssModule;
  try {
    module = (await importTransport('@openvitale/transport-galss', 'libraryCandidates', {
      beside: BESIDE,
    })) as unknown as GalssModule;
  } catch (error) {
    return [{ level: 'WARN', name, detail: `${failureOf(error).message} (${needed})` }];
  }
  const explicit = configured ?? env.OPENVITALE_GALSS_LIBRARY;
  const { client } = module.libraryCandidates({
    platform: process.platform,
    arch: process.arch,
    ...(explicit === undefined ? {} : { clientLibrary: explicit }),
  });
  const used = explicit !== undefined || mode === 'galss';
  const context = { platform: process.platform, env, execPath: process.execPath };
  const found = client.flatMap((name) => libraryLocations(name, context)).find((path) => existsSync(path));
  if (!found) {
    const detail = `not found (looked for ${client.join(', ')}): set BibliothequeGALSS in the config file if it is elsewhere; ${needed}`;
    return [{ level: used ? 'FAIL' : 'WARN', name, detail }];
  }
  return [{ level: 'OK', name, detail: `found (${found})` }, await galssServer(module, found, used)];
}

/** What a check found, with the native detail, for a line that then gives the check's own fix. */
function found(error: unknown): string {
  if (!isOpenVitaleError(error)) return failureOf(error).message;
  return error.detail === undefined ? error.summary : `${error.summary} (${error.detail})`;
}

/** A GALSS session opened and closed at once (nothing reaches a terminal), then the resource table. */
async function galssServer(module: GalssModule, clientLibrary: string, used: boolean): Promise<Check> {
  const name = 'GALSS server';
  const provider = new module.GalssTransportProvider({ clientLibrary });
  try {
    await provider.ping(undefined, { signal: AbortSignal.timeout(GALSS_PING_MS) });
  } catch (error) {
    // 2000 (no resource by the default names) is an answer: the server runs.
    if (!(TransportError.isInstance(error) && error.code === 'NO_READER')) {
      const detail = `${found(error)}: start the GALSS server (galsvlux on Linux, galsvw32.exe or galsvw64.exe on Windows) with the site's galss.ini`;
      return { level: used ? 'FAIL' : 'WARN', name, detail };
    }
  }
  const listed = await provider.resources().then(
    (resources) => `resources ${resources.map((r) => [r.name, ...r.aliases].join(' or ')).join(', ')}`,
    (error: unknown) =>
      `its resources could not be listed (${found(error)}): readers and watch need the info library, read with --reader does not`,
  );
  return { level: 'OK', name, detail: `answers; ${listed}` };
}

async function checkConfig(
  path: string | undefined,
): Promise<{ check: Check; galssLibrary?: string; mode?: string }> {
  const name = 'config file';
  if (path === undefined)
    return { check: { level: 'OK', name, detail: 'none given (--config): defaults, reader auto, PC/SC' } };
  try {
    const config = await loadConfig(path);
    const detail = `${path} is valid: reader ${config.vitaleReader}, mode ${config.mode}`;
    return {
      check: { level: 'OK', name, detail },
      mode: config.mode,
      ...(config.galssLibrary === undefined ? {} : { galssLibrary: config.galssLibrary }),
    };
  } catch (error) {
    return { check: { level: 'FAIL', name, detail: failureOf(error).message } };
  }
}
