import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

// Every run under Wine starts a Windows process (about half a second): generous timeouts.
export default mergeConfig(
  shared,
  defineConfig({ test: { globalSetup: ['test/global-setup.ts'], testTimeout: 120_000 } }),
);
