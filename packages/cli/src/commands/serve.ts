import { EXIT, type ExitCode } from '../exit-codes.js';
import { importAgent } from '../optional.js';
import type { Io } from '../terminal.js';
import { printError } from '../terminal.js';

/**
 * `openvitale serve`: the local service for web applications, from
 * @openvitale/agent (an optional package), loaded only when this command
 * runs; without it the command says to install it. Its options are
 * the agent's own (`openvitale serve --help`); it runs until Ctrl-C/SIGTERM.
 */
export async function serve(argv: readonly string[], io: Io): Promise<ExitCode> {
  const agent = await importAgent('main', 'openvitale serve');
  try {
    const code = await agent.main(
      ['serve', ...argv],
      { out: (line) => io.stdout.write(`${line}\n`), err: (line) => io.stderr.write(`${line}\n`) },
      io.signal,
    );
    return code === 0 ? EXIT.OK : EXIT.USAGE;
  } catch (error) {
    if (agent.AgentError.isInstance(error) && error.code === 'PORT_IN_USE') {
      printError(
        io,
        `${error.summary}: choose another with --port (openvitale doctor tells whether an agent runs there)`,
      );
      return EXIT.UNAVAILABLE;
    }
    if (agent.AgentError.isInstance(error)) {
      printError(io, error.message);
      const usage = ['NOT_LOOPBACK', 'BAD_OPTIONS', 'TOKENS_FILE'].includes(error.code);
      return usage ? EXIT.USAGE : EXIT.INTERNAL;
    }
    const { code, address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number };
    if (code === 'EADDRINUSE') {
      const where = address === undefined ? 'the port' : `port ${port} on ${address}`;
      printError(
        io,
        `${where} is in use (another agent running? openvitale doctor tells; or another program, even another user's): choose another with --port`,
      );
      return EXIT.UNAVAILABLE;
    }
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      printError(io, (error as Error).message);
      return EXIT.USAGE;
    }
    throw error;
  }
}
