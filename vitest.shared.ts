// Vitest settings shared by the packages: resolve workspace packages to their TypeScript sources
// (the "source" export condition), so tests run without a build; the dual-package test runs dist.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  // Timeouts catch hangs, not slowness: a test that takes 4 s alone has taken 40 s on a loaded 2-core
  // machine, so the limits leave room for that (speed goals live in bench/, not in tests).
  test: { include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
});
