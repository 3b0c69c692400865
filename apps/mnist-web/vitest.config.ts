import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared';

// The end-to-end test builds the page itself (with vite.config.ts, as users do) and drives Chromium.
export default mergeConfig(shared, defineConfig({ test: { testTimeout: 60_000 } }));
