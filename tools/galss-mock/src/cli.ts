#!/usr/bin/env node
/**
 * Runs the mock GALSS server until killed:
 *   galss-mock [--ini galss.ini] [--socket /tmp/galss-mock.sock]
 * Defaults: GALSS_MOCK_INI (else /usr/local/galss/galss.ini), GALSS_MOCK_SOCKET (else /tmp/galss-mock.sock).
 * Prints one line per card slot: the resource and the TCP port a card connects to.
 */
import { parseArgs } from 'node:util';
import { loadMockConfig } from './config.js';
import { startGalssMock } from './server.js';

const { values } = parseArgs({ options: { ini: { type: 'string' }, socket: { type: 'string' } } });
const socketPath = values.socket ?? process.env.GALSS_MOCK_SOCKET ?? '/tmp/galss-mock.sock';
const mock = await startGalssMock({ ini: await loadMockConfig(values.ini), socketPath });
for (const r of mock.resources) console.log(`${r.name} (LAD ${r.lad}): card port ${mock.cardPort(r.name)}`);
console.log(`galss-mock: listening on ${socketPath}`);
const stop = () => void mock.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
