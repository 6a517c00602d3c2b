import { parseArgs } from 'node:util';
import { printable, quote } from '@openvitale/transport';
import { startAgent } from './agent.js';
import { AgentError } from './errors.js';
import { DEFAULT_PORT } from './options.js';
import { defaultTokensFile } from './paths.js';
import { agentStatus } from './status.js';
import { TokenStore } from './tokens.js';

const USAGE = `Usage:
  openvitale-agent [serve] [--port ${DEFAULT_PORT}] [--host 127.0.0.1|::1] [--allow-origin https://app.example.fr]...
                   [--transport pcsc|galss] [--galss-library PATH] [--tokens-file PATH] [--no-demo]
                   [--token-days 90]
  openvitale-agent status [--port N]          is an agent running?
  openvitale-agent tokens [--tokens-file P]    list paired applications
  openvitale-agent revoke ORIGIN|all [--tokens-file P]`;

export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/**
 * The agent's command line (also what `openvitale serve` runs). Returns
 * the exit code; `serve` resolves only when the agent stops (SIGINT/SIGTERM).
 */
export async function main(argv: readonly string[], io: Io, signal?: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
      transport: { type: 'string' },
      'galss-library': { type: 'string' },
      'tokens-file': { type: 'string' },
      'token-days': { type: 'string' },
      'no-demo': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command = 'serve', ...rest] = positionals;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const port = values.port === undefined ? DEFAULT_PORT : wholeNumber('--port', values.port, 0, 65_535);
  const tokensFile = values['tokens-file'] ?? defaultTokensFile();
  switch (command) {
    case 'serve': {
      const transport = values.transport ?? 'pcsc';
      if (transport !== 'pcsc' && transport !== 'galss')
        throw new AgentError('BAD_OPTIONS', '--transport is pcsc or galss');
      const days = values['token-days'];
      const agent = await startAgent({
        port,
        ...(days === undefined
          ? {}
          : { tokenLifetimeMs: wholeNumber('--token-days', days, 1, 3650) * 86_400_000 }),
        ...(values.host === undefined ? {} : { host: values.host }),
        allowedOrigins: values['allow-origin'] ?? [],
        transport,
        ...(values['galss-library'] === undefined ? {} : { galssLibrary: values['galss-library'] }),
        tokensFile,
        demo: values['no-demo'] !== true,
        log: io.err,
        onPairingRequest: (r) =>
          io.out(
            `\n  Pairing request from ${r.origin} (${printable(r.application)}): type ${r.code} in that application.\n`,
          ),
      });
      io.out(`OpenVitale agent on ${agent.url} (demo page: ${agent.url}/)`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        if (signal?.aborted) stop();
        signal?.addEventListener('abort', stop, { once: true });
      });
      await agent.close();
      return 0;
    }
    case 'status': {
      const status = await agentStatus({ port, ...(values.host === undefined ? {} : { host: values.host }) });
      io.out(
        status.running
          ? `running: ${status.url} (version ${status.version})`
          : `not running on ${status.url}: ${status.detail}`,
      );
      return status.running ? 0 : 1;
    }
    case 'tokens': {
      const list = new TokenStore(tokensFile).list();
      if (list.length === 0) io.out('No paired application.');
      for (const p of list)
        io.out(`${p.origin}  ${printable(p.application)}  paired ${p.createdAt}, expires ${p.expiresAt}`);
      return 0;
    }
    case 'revoke': {
      const origin = rest[0];
      if (origin === undefined) throw new AgentError('BAD_OPTIONS', 'revoke needs an origin, or all');
      const count = new TokenStore(tokensFile).revokeOrigin(origin === 'all' ? '*' : origin);
      io.out(`${count} token(s) revoked; a running agent refuses them from its next request.`);
      return 0;
    }
    default:
      io.err(USAGE);
      return 2;
  }
}

function wholeNumber(option: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new AgentError(
      'BAD_OPTIONS',
      `${option} takes a whole number from ${min} to ${max}; got ${quote(value)}`,
    );
  }
  return Number(value);
}
