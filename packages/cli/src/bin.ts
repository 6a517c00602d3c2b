#!/usr/bin/env node
import { onOutputClosed } from './closed-output.js';
import { main } from './main.js';

// Ctrl-C and SIGTERM end waits and watches cleanly (the card is released); a second Ctrl-C kills.
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => controller.abort(new Error(`${signal} received`)));
}
// A closed pipe (`openvitale watch | head`) ends the command like Ctrl-C does: at the next write
// (EPIPE), or, for a command still running after a second, as soon as the reader goes. Any
// other write error also reaches the write that failed, which reports it (exit 2, one line).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') controller.abort(error);
});
const closedOutput = setTimeout(() => {
  void onOutputClosed(1, () => controller.abort(new Error('stdout closed')));
}, 1000);
closedOutput.unref();
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
});
