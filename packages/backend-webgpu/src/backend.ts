// The Backend object of device 'webgpu': memory, reads, the error flag and the kernels, over one
// GpuRuntime that `webgpu.ready()` creates. Until then every call says to await ready().
import type { Backend, BackendKernelInfo, DType, Storage, TensorRef, TypedArray } from '@x/tensor';
import { caps, fromLanes } from './dtypes';
import { allocateStorage, disposeStorage, uploadStorage } from './memory';
import type { GpuRuntime } from './runtime';
import { GpuStorage, bufferOf } from './storage';
import { isContiguousRef, numel } from './layout';
import { copy, copyToFresh, fill, release } from './kernels/materialize';
import { binary, clamp, unary, where } from './kernels/pointwise';
import { check } from './kernels/check';
import { reduce } from './kernels/reduce';
import { scan } from './kernels/scan';
import { matmul } from './kernels/matmul';
import { gather, scatter } from './kernels/gather';
import { sort } from './kernels/sort';
import { conv2d, conv2dBackwardInput, conv2dBackwardWeight } from './kernels/conv';
import { maxPool2d, maxPool2dBackward } from './kernels/pool';
import { random } from './kernels/random';
import { fusedKernels } from './kernels/fused';

export interface RuntimeHolder {
  runtime(): GpuRuntime;
  /** Whether the device can run work now (opened by ready() and not lost). */
  available(): boolean;
  /** What torch.backendInfo('webgpu') reports. */
  info(): BackendKernelInfo;
}

async function read(rt: GpuRuntime, ref: TensorRef): Promise<TypedArray> {
  const n = numel(ref.shape);
  const view = isContiguousRef(ref) ? ref : copyToFresh(rt, ref, 'read');
  try {
    const bytes = await rt.read(n === 0 ? null : bufferOf(view, 'read'), view.offset * 4, n * 4);
    return fromLanes(bytes, 0, n, ref.dtype);
  } finally {
    if (view !== ref) release(rt, view);
  }
}

export function createBackend(holder: RuntimeHolder): Backend {
  const rt = () => holder.runtime();
  const backend: Backend = {
    device: 'webgpu',
    caps,
    available: () => holder.available(),
    info: () => holder.info(),
    allocate: (dtype: DType, length: number, init) => allocateStorage(rt(), dtype, length, init),
    upload: (data: TypedArray, dtype: DType) => uploadStorage(rt(), data, dtype),
    dispose: (storage: Storage) => {
      if (storage instanceof GpuStorage) disposeStorage(rt(), storage);
    },
    memory: () => {
      const r = rt();
      return { pooledBytes: r.pool.pooledBytes, gpuBytes: r.pool.allocatedBytes, poolHits: r.pool.hits, poolMisses: r.pool.misses, ...r.stats };
    },
    read: (ref) => read(rt(), ref),
    check: (flag, error, values) => check(rt(), flag, error, values),
    flush: () => rt().flush(),
    sync: async () => {
      await rt().read(null, 0, 0);
    },
    random: (request, out) => random(rt(), request, out),
    fused: fusedKernels(rt),
    fill: (out, value) => fill(rt(), out, value),
    copy: (src, out) => copy(rt(), src, out),
    unary: (op, x, out, compute) => unary(rt(), op, x, out, compute),
    binary: (op, a, b, out, compute) => binary(rt(), op, a, b, out, compute),
    where: (cond, a, b, out) => where(rt(), cond, a, b, out),
    clamp: (x, min, max, out, compute) => clamp(rt(), x, min, max, out, compute),
    reduce: (op, x, dims, out) => reduce(rt(), op, x, dims, out),
    scan: (op, x, dim, out) => scan(rt(), op, x, dim, out),
    matmul: (a, b, out) => matmul(rt(), a, b, out),
    gather: (x, dim, index, out) => gather(rt(), x, dim, index, out),
    scatter: (out, dim, index, src, mode) => scatter(rt(), out, dim, index, src, mode),
    sort: (x, dim, descending, values, indices) => sort(rt(), x, dim, descending, values, indices),
    conv2d: (x, weight, bias, g, out) => conv2d(rt(), x, weight, bias, g, out),
    conv2dBackwardInput: (gradOut, weight, g, gradInput) => conv2dBackwardInput(rt(), gradOut, weight, g, gradInput),
    conv2dBackwardWeight: (x, gradOut, g, gradWeight, gradBias) => conv2dBackwardWeight(rt(), x, gradOut, g, gradWeight, gradBias),
    maxPool2d: (x, g, values, indices) => maxPool2d(rt(), x, g, values, indices),
    maxPool2dBackward: (gradOut, indices, g, gradInput) => maxPool2dBackward(rt(), gradOut, indices, g, gradInput),
  };
  return backend;
}
