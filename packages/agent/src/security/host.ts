import { AgentError } from '../errors.js';
import { loopbackNames } from './loopback.js';

/**
 * Checks the `Host` header: a page whose DNS name was re-pointed at
 * 127.0.0.1 (DNS rebinding) still sends its own name here, so only a
 * loopback name or address with the agent's port is accepted.
 */
export function checkHost(host: string | undefined, port: number): void {
  if (host === undefined || !allowedHosts(port).includes(host.toLowerCase())) {
    throw new AgentError('BAD_HOST', `Host "${host ?? ''}" is not this agent`, {
      action: `call it as http://127.0.0.1:${port}`,
    });
  }
}

function allowedHosts(port: number): string[] {
  return loopbackNames().flatMap((name) => (port === 80 ? [name, `${name}:80`] : [`${name}:${port}`]));
}

/** The agent's own origins: its demo page, whatever loopback name the browser used. */
export function ownOrigins(port: number): string[] {
  return loopbackNames().map((name) => `http://${name}${port === 80 ? '' : `:${port}`}`);
}
