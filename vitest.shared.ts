// Vitest settings shared by the packages: resolve workspace packages to their TypeScript sources
// (the "source" export condition), so tests run without a build; the dual-package test runs dist.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: { include: ['test/**/*.test.ts'], testTimeout: 30_000 },
});
