// Start-up wall time of the built binary, as a user sees it: medians of 20 runs.
// Targets: `--version` under 150 ms, `read --transport demo` under 300 ms.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const RUNS = Number(process.env.OPENVITALE_BENCH_RUNS ?? 20);
const cases = [
  { name: 'openvitale --version', args: ['--version'], targetMs: 150 },
  {
    name: 'openvitale read --transport demo',
    args: ['read', '--transport', 'demo', '--format', 'json'],
    targetMs: 300,
  },
];

let failed = false;
for (const { name, args, targetMs } of cases) {
  execFileSync(process.execPath, [bin, ...args]); // warm the file cache
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    execFileSync(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  const median = (times[(RUNS - 1) >> 1] + times[RUNS >> 1]) / 2;
  const ok = median < targetMs;
  failed ||= !ok;
  console.log(
    `${name}: median ${median.toFixed(0)} ms, min ${times[0].toFixed(0)}, max ${times.at(-1).toFixed(0)} (${RUNS} runs; target < ${targetMs} ms) ${ok ? 'OK' : 'OVER'}`,
  );
}
process.exitCode = failed ? 1 : 0;
