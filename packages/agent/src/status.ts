import { request } from 'node:http';
import { DEFAULT_PORT } from './options.js';

export interface AgentStatus {
  readonly running: boolean;
  readonly url: string;
  /** The running agent's version, when one answered. */
  readonly version?: string;
  /** Why it is not running (refused, timed out, something else answered). */
  readonly detail?: string;
}

/**
 * Asks `GET /v1/health` on a loopback port whether an agent is running
 * there (for `openvitale doctor`): no Origin, no token needed, no card touched.
 */
export function agentStatus(
  options: { port?: number; host?: string; timeoutMs?: number } = {},
): Promise<AgentStatus> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? DEFAULT_PORT;
  const url = `http://${host}:${port}`;
  return new Promise((resolve) => {
    const call = request(
      {
        host,
        port,
        path: '/v1/health',
        method: 'GET',
        timeout: options.timeoutMs ?? 1_000,
        headers: { host: `${host}:${port}` },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
              agent?: string;
              version?: string;
            };
            if (
              response.statusCode === 200 &&
              body.agent === '@openvitale/agent' &&
              typeof body.version === 'string'
            ) {
              resolve({ running: true, url, version: body.version });
              return;
            }
          } catch {}
          resolve({
            running: false,
            url,
            detail: `something else answers on port ${port} (HTTP ${response.statusCode})`,
          });
        });
      },
    );
    call.on('timeout', () => call.destroy(new Error('no answer within the time limit')));
    call.on('error', (error: NodeJS.ErrnoException) =>
      resolve({
        running: false,
        url,
        detail: error.code === 'ECONNREFUSED' ? 'not running (connection refused)' : error.message,
      }),
    );
    call.end();
  });
}
