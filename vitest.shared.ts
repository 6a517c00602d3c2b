import { defineConfig } from 'vitest/config';

// Tests run on each workspace package's `src` through the `@openvitale/source`
// export condition, so no build is needed between an edit and a test run.
const conditions = ['@openvitale/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Every package writes a JSON report; .ci/run sums them into one line.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
