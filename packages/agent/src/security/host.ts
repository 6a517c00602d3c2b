import { AgentError } from '../errors.js';

/**
 * Checks the `Host` header: a page whose DNS name was re-pointed at
 * 127.0.0.1 (DNS rebinding) still sends its own name here, so only a name
 * the agent serves (`servedNames`) with its port is accepted.
 */
export function checkHost(host: string | undefined, port: number, names: readonly string[]): void {
  if (host === undefined || !allowedHosts(port, names).includes(host.toLowerCase())) {
    throw new AgentError('BAD_HOST', `Host "${host ?? ''}" is not this agent`, {
      action: `call it as http://${names[0] ?? '127.0.0.1'}:${port}`,
    });
  }
}

function allowedHosts(port: number, names: readonly string[]): string[] {
  return names.flatMap((name) => (port === 80 ? [name, `${name}:80`] : [`${name}:${port}`]));
}

/** The agent's own origins: its demo page, under each name it serves. */
export function ownOrigins(port: number, names: readonly string[]): string[] {
  return names.map((name) => `http://${name}${port === 80 ? '' : `:${port}`}`);
}
