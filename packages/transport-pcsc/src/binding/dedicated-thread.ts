import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** One native function, as koffi's `lib.func(convention, name, result, parameters)` declares it. */
export interface NativeFunction {
  readonly library: string;
  readonly convention: string;
  readonly name: string;
  readonly result: string;
  readonly parameters: readonly string[];
}

// Plain CommonJS, evaluated by the worker: it runs from src/ in development and from dist/ once built.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const koffi = require(workerData.koffi);
const f = workerData.fn;
const fn = koffi.load(f.library).func(f.convention, f.name, f.result, f.parameters);
parentPort.on('message', (args) => {
  try {
    parentPort.postMessage({ result: fn(...args) });
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
});
`;

type Reply = { readonly result: number } | { readonly error: string };

/**
 * A thread of its own for one blocking native function, called
 * synchronously there. koffi's `.async` calls share libuv's pool (4 threads
 * by default, with file and DNS work): four waits in `SCardGetStatusChange`
 * held every other call, a transmit included, until one of them timed out.
 * A wait on this thread holds none of them. One call at a time; the thread
 * keeps the process alive only while a call runs.
 */
export class DedicatedThread {
  readonly #worker: Worker;
  #pending: { resolve: (result: number) => void; reject: (error: Error) => void } | undefined;
  #failure: Error | undefined;

  constructor(fn: NativeFunction) {
    const koffi = createRequire(import.meta.url).resolve('koffi');
    this.#worker = new Worker(SOURCE, { eval: true, workerData: { koffi, fn } });
    this.#worker.unref();
    this.#worker.on('message', (reply: Reply) => {
      if ('error' in reply) this.#settle(new Error(`${fn.name} failed on its thread: ${reply.error}`));
      else this.#settle(reply.result);
    });
    const fail = (error: Error) => {
      this.#failure ??= error;
      this.#settle(error);
    };
    this.#worker.on('error', fail);
    this.#worker.on('exit', () => fail(new Error(`The thread running ${fn.name} has stopped`)));
  }

  /** Runs the function with these arguments on the thread; resolves with its return value. */
  call(args: readonly unknown[]): Promise<number> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#pending) return Promise.reject(new Error('The dedicated thread is already running a call'));
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#worker.ref();
      this.#worker.postMessage(args);
    });
  }

  /** Stops the thread. A call still running native code holds it until that call returns. */
  async close(): Promise<void> {
    await this.#worker.terminate();
  }

  #settle(outcome: number | Error): void {
    const pending = this.#pending;
    this.#pending = undefined;
    this.#worker.unref();
    if (!pending) return;
    if (typeof outcome === 'number') pending.resolve(outcome);
    else pending.reject(outcome);
  }
}
