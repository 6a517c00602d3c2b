import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Sandbox } from './sandbox.js';

export const AGENT_URL = 'http://127.0.0.1:7357';
/** The origin the agent README's examples are written for. */
export const EXAMPLE_ORIGIN = 'https://dpi.example.fr';

/**
 * The agent that the agent README's API examples talk to, started the way
 * it says (`openvitale serve --allow-origin https://dpi.example.fr`), and
 * paired the way it says: what the user would have done before.
 */
export class RunningAgent {
  readonly #child: ChildProcess;
  #output = '';

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.stdout?.on('data', (chunk: Buffer) => {
      this.#output += chunk.toString('utf8');
    });
  }

  static async start(sandbox: Sandbox): Promise<RunningAgent> {
    if (await call('GET', '/v1/health').catch(() => undefined))
      throw new Error(`something already answers on ${AGENT_URL}`);
    const child = spawn(
      'openvitale',
      ['serve', '--allow-origin', EXAMPLE_ORIGIN, '--tokens-file', join(sandbox.dir, 'agent-tokens.json')],
      { cwd: sandbox.dir, env: sandbox.env, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const agent = new RunningAgent(child);
    for (let tries = 0; ; tries++) {
      if ((await call('GET', '/v1/health').catch(() => undefined))?.status === 200) return agent;
      if (tries > 100 || child.exitCode !== null)
        throw new Error(`the agent did not start: ${agent.#output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Pairs `origin` as its application would, the code read on the agent's output; the token. */
  async pair(origin: string): Promise<string> {
    const asked = await call('POST', '/v1/pair', { origin, body: { application: 'examples' } });
    const { pairingId } = asked.json as { pairingId: string };
    let code: string | undefined;
    for (let tries = 0; code === undefined; tries++) {
      if (tries > 50) throw new Error(`no pairing code in the agent's output: ${this.#output}`);
      code = new RegExp(`from ${origin.replace(/[.]/g, '\\.')} \\(examples\\): type (\\d{6})`).exec(
        this.#output,
      )?.[1];
      if (code === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const confirmed = await call('POST', '/v1/pair/confirm', { origin, body: { pairingId, code } });
    const { token } = confirmed.json as { token?: string };
    if (!token) throw new Error(`pairing failed: ${JSON.stringify(confirmed.json)}`);
    return token;
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    this.#child.kill('SIGINT');
    await exited;
  }
}

function call(
  method: string,
  path: string,
  options: { readonly origin?: string; readonly body?: unknown } = {},
): Promise<{ status: number; json: unknown }> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${AGENT_URL}${path}`,
      {
        method,
        headers: {
          ...(options.origin ? { origin: options.origin } : {}),
          ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as unknown) : null }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
