// Browser entry: WebGPU from navigator.gpu. Nothing here imports a Node module.
import { createWebGpu } from './webgpu';

export const webgpu = createWebGpu({
  gpu: async () => {
    const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
    if (gpu === undefined) {
      throw new Error(
        "webgpu.ready(): navigator.gpu is missing: this browser has no WebGPU, or the page is not a secure context (serve it over https or from localhost); Chromium on Linux needs --enable-unsafe-webgpu",
      );
    }
    return gpu;
  },
  noAdapterHint: 'The browser exposes WebGPU but offers no adapter: enable hardware acceleration (chrome://gpu shows why WebGPU is off), or on Linux start Chromium with --enable-unsafe-webgpu --enable-features=Vulkan.',
});

export type { WebGpu, WebGpuInfo, ReadyOptions } from './webgpu';
export { caps } from './dtypes';
