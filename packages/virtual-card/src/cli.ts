#!/usr/bin/env node
import { runCli } from './cli/main.js';

// SIGINT/SIGTERM remove the card (close the vpcd connection) and exit cleanly.
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());
process.exitCode = await runCli(process.argv.slice(2), { signal: controller.signal });
