// Opens the WebGPU device once per test file (Dawn on SwiftShader in CI: see vitest.config.ts).
import { beforeAll } from 'vitest';
import { webgpu } from '../src/index';

beforeAll(async () => {
  await webgpu.ready();
});
