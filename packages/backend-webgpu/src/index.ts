// Node entry: WebGPU through Dawn (the `webgpu` package), loaded when ready() first runs, so that
// VK_DRIVER_FILES set by the program before then still chooses the Vulkan driver.
import { createWebGpu } from './webgpu';

/**
 * What Dawn's create() returned: Dawn crashes the process if it is garbage-collected while a device
 * lives, so the module keeps it for as long as the process runs.
 */
let dawn: GPU | null = null;

async function nodeGpu(): Promise<GPU> {
  if (dawn !== null) return dawn;
  let mod: { create(flags: string[]): GPU };
  try {
    mod = (await import('webgpu')) as unknown as typeof mod;
  } catch (e) {
    throw new Error(
      `webgpu.ready(): the 'webgpu' package (Dawn for Node) could not be loaded (${e instanceof Error ? e.message : String(e)}); install it next to @x/backend-webgpu: npm install webgpu`,
      { cause: e },
    );
  }
  dawn = mod.create([]);
  return dawn;
}

export const webgpu = createWebGpu({
  gpu: nodeGpu,
  noAdapterHint:
    'Dawn needs a Vulkan driver (Metal on macOS, D3D12 on Windows): install your GPU vendor\'s Vulkan driver, or on a machine without a GPU install SwiftShader (Debian/Ubuntu: apt-get install libvulkan1 chromium-common) and set VK_DRIVER_FILES=/usr/lib/chromium/vk_swiftshader_icd.json before the first ready().',
});

export type { WebGpu, WebGpuInfo, ReadyOptions } from './webgpu';
export { caps } from './dtypes';
