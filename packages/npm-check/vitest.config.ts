import { defineConfig } from 'vitest/config';

// The consumer check runs as one sequential file: pack, install, then use the installed tarballs.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 240_000 },
});
