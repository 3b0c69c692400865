import { existsSync } from 'node:fs';
import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared';

// The end-to-end test builds the page itself (with vite.config.ts, as users do) and drives Chromium.
// Chromium's WebGPU runs on SwiftShader's Vulkan driver where there is no GPU (CI): Chromium inherits
// VK_DRIVER_FILES from the test's environment.
const swiftshader = '/usr/lib/chromium/vk_swiftshader_icd.json';
const env: Record<string, string> = {};
if (process.env.VK_DRIVER_FILES === undefined && existsSync(swiftshader)) env.VK_DRIVER_FILES = swiftshader;

export default mergeConfig(shared, defineConfig({ test: { env, testTimeout: 60_000 } }));
