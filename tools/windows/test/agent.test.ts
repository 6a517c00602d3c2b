import { describe, expect, it } from 'vitest';
import { describeRun, runWindows, wine } from './support.js';

describe.skipIf(!wine)('the agent on Windows', () => {
  it('keeps its pairing tokens under %LOCALAPPDATA%', async () => {
    const script = `import('@openvitale/agent').then((agent) => console.log(agent.defaultTokensFile()))`;
    const run = await runWindows(wine!.NODE_X64!, ['-e', script]);
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout.toString().trim()).toMatch(
      /^C:\\users\\[^\\]+\\AppData\\Local\\OpenVitale\\agent-tokens\.json$/i,
    );
  });
});
