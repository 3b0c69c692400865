// Dawn runs on SwiftShader's Vulkan driver where no GPU driver is installed (CI): the variable must be
// set before the `webgpu` package loads. SwiftShader is slow and the machine is shared: generous timeouts.
import { existsSync } from 'node:fs';
import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared';

const swiftshader = '/usr/lib/chromium/vk_swiftshader_icd.json';
const env: Record<string, string> = {};
if (process.env.VK_DRIVER_FILES === undefined && existsSync(swiftshader)) env.VK_DRIVER_FILES = swiftshader;

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      env,
      testTimeout: 120_000,
      hookTimeout: 120_000,
      // one Dawn device per worker: run the files one after another
      fileParallelism: false,
      pool: 'forks',
    },
  }),
);
