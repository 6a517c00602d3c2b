import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Reply, Request } from '../card-server.js';

type Body = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;

/** The parent's side of card-server.ts: insert, remove, and time the cards it serves. */
export class CardClient {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, (reply: Reply) => void>();
  #next = 0;

  constructor() {
    const server = fileURLToPath(new URL('../card-server.js', import.meta.url));
    this.#child = fork(server, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.#child.on('message', (reply: Reply) => {
      this.#pending.get(reply.id)?.(reply);
      this.#pending.delete(reply.id);
    });
  }

  async call(body: Body): Promise<Reply> {
    const id = this.#next++;
    const reply = await new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`card server: no answer to ${body.op}`)), 10_000);
      this.#pending.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.#child.send({ ...body, id });
    });
    if (reply.error) throw new Error(`card server: ${reply.error}`);
    return reply;
  }

  close(): void {
    this.#child.disconnect();
  }
}
