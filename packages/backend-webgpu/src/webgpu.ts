// The public `webgpu` object: ready() finds an adapter and opens the device (once; again after a lost
// device), info() describes the adapter. Node and browsers differ only in where `GPU` comes from.
import { registerBackend, type Backend } from '@x/tensor';
import { createBackend } from './backend';
import { GpuRuntime, type RuntimeStats } from './runtime';

export interface GpuSource {
  /** The GPU object (navigator.gpu, or Dawn's create()); throws with what to install when there is none. */
  gpu(): Promise<GPU>;
  /** What to do when no adapter is found. */
  noAdapterHint: string;
}

export interface ReadyOptions {
  powerPreference?: GPUPowerPreference;
}

/** The adapter behind device 'webgpu': its name, the limits the device was opened with, its features. */
export interface WebGpuInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** A name to print: description, else vendor and architecture. */
  readonly name: string;
  readonly limits: Readonly<Record<string, number>>;
  readonly features: readonly string[];
  toString(): string;
}

export interface WebGpu {
  /** Opens the device (first call, or after the device was lost); resolves with the adapter's info. */
  ready(options?: ReadyOptions): Promise<WebGpuInfo>;
  /** Whether ready() has opened a device that is not lost. */
  readonly isReady: boolean;
  /** The adapter's name and limits; throws before ready(). */
  info(): WebGpuInfo;
  /** The GPUDevice, for interop with other WebGPU code; throws before ready(). */
  readonly device: GPUDevice;
  /** Submits, dispatches, pipelines compiled, uploads and reads since ready(). */
  stats(): RuntimeStats;
  /** The Backend registered as 'webgpu'. */
  readonly backend: Backend;
}

const LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupsPerDimension',
] as const;

function describe(adapter: GPUAdapter, device: GPUDevice): WebGpuInfo {
  const a = adapter.info ?? ({} as GPUAdapterInfo);
  const vendor = a.vendor ?? '';
  const architecture = a.architecture ?? '';
  const description = a.description ?? '';
  const name = description || [vendor, architecture].filter(Boolean).join(' ') || 'unknown adapter';
  const limits: Record<string, number> = {};
  for (const k of LIMITS) limits[k] = device.limits[k];
  const features = [...device.features].sort();
  return Object.freeze({
    vendor,
    architecture,
    device: a.device ?? '',
    description,
    name,
    limits: Object.freeze(limits),
    features: Object.freeze(features),
    toString: () =>
      `WebGPU adapter: ${name}${vendor && !name.includes(vendor) ? ` (${vendor})` : ''}\n` +
      Object.entries(limits).map(([k, v]) => `  ${k}: ${v}`).join('\n'),
  });
}

export function createWebGpu(source: GpuSource): WebGpu {
  let runtime: GpuRuntime | null = null;
  let information: WebGpuInfo | null = null;
  let opening: Promise<WebGpuInfo> | null = null;
  const notReady = () =>
    new Error(`device 'webgpu' is not ready: call \`await webgpu.ready()\` (import { webgpu } from '@x/backend-webgpu') before using it`);
  const usable = () => runtime !== null && runtime.failure === null;
  const backend = createBackend({
    runtime: () => {
      if (runtime === null) throw notReady();
      return runtime;
    },
    available: usable,
    info: () => ({
      kernels: 'webgpu',
      reason: !usable()
        ? runtime === null
          ? "not ready: call `await webgpu.ready()` (import { webgpu } from '@x/backend-webgpu')"
          : `the device was lost (${runtime.failure!.message}); \`await webgpu.ready()\` opens a new one`
        : runtime!.software
          ? `the adapter is a software renderer (${information!.name}): the shaders run on the CPU, slower than @x/backend-cpu`
          : null,
      threads: 1,
    }),
  });
  registerBackend(backend);

  async function open(options: ReadyOptions): Promise<WebGpuInfo> {
    const gpu = await source.gpu();
    const adapter = await gpu.requestAdapter(options.powerPreference ? { powerPreference: options.powerPreference } : undefined);
    if (adapter === null) throw new Error(`webgpu.ready(): no WebGPU adapter was found. ${source.noAdapterHint}`);
    const requiredLimits: Record<string, number> = {};
    for (const k of LIMITS) requiredLimits[k] = adapter.limits[k];
    const device = await adapter.requestDevice({ requiredLimits });
    information = describe(adapter, device);
    runtime = new GpuRuntime(device, /swiftshader|llvmpipe|lavapipe|software|microsoft basic render/i.test(`${information.name} ${information.vendor} ${information.architecture}`));
    return information;
  }

  return {
    backend,
    ready(options: ReadyOptions = {}) {
      if (runtime !== null && runtime.failure === null && information !== null) return Promise.resolve(information);
      if (runtime !== null) runtime = null; // lost: open a new device
      opening ??= open(options).finally(() => (opening = null));
      return opening;
    },
    get isReady() {
      return runtime !== null && runtime.failure === null;
    },
    info() {
      if (information === null) throw notReady();
      return information;
    },
    get device() {
      if (runtime === null) throw notReady();
      return runtime.device;
    },
    stats() {
      if (runtime === null) throw notReady();
      return { ...runtime.stats };
    },
  };
}
