#!/usr/bin/env node
/**
 * Runs the mock GALSS server until killed:
 *   galss-mock [--ini galss.ini] [--socket /tmp/galss-mock.sock] [--exclusivity lenient|refuse-while-held|require]
 * Defaults: GALSS_MOCK_INI (else /usr/local/galss/galss.ini), GALSS_MOCK_SOCKET (else /tmp/galss-mock.sock),
 * the ini's [MOCK] Exclusivity= (else lenient).
 * Prints one line per card slot: the resource and the TCP port a card connects to.
 */
import { parseArgs } from 'node:util';
import { EXCLUSIVITY_RULES, isExclusivityRule, loadMockConfig } from './config.js';
import { startGalssMock } from './server.js';

const { values } = parseArgs({
  options: { ini: { type: 'string' }, socket: { type: 'string' }, exclusivity: { type: 'string' } },
});
const socketPath = values.socket ?? process.env.GALSS_MOCK_SOCKET ?? '/tmp/galss-mock.sock';
const rule = values.exclusivity;
if (rule !== undefined && !isExclusivityRule(rule)) {
  console.error(`galss-mock: --exclusivity takes ${EXCLUSIVITY_RULES.join(', ')}; got "${rule}"`);
  process.exit(2);
}
const mock = await startGalssMock({
  ini: await loadMockConfig(values.ini),
  socketPath,
  ...(rule === undefined ? {} : { exclusivity: rule }),
});
for (const r of mock.resources) console.log(`${r.name} (LAD ${r.lad}): card port ${mock.cardPort(r.name)}`);
console.log(`galss-mock: listening on ${socketPath} (exclusivity ${mock.exclusivity})`);
const stop = () => void mock.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
