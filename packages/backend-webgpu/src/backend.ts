// The Backend object of device 'webgpu': memory, reads, the error flag and the kernels, over one
// GpuRuntime that `webgpu.ready()` creates. Until then every call says to await ready().
import type { Backend, DType, Storage, TensorRef, TypedArray } from '@x/tensor';
import { caps, fromLanes } from './dtypes';
import { allocateStorage, disposeStorage, uploadStorage } from './memory';
import type { GpuRuntime } from './runtime';
import { GpuStorage, bufferOf } from './storage';
import { isContiguousRef, numel } from './layout';
import { copy, copyToFresh, fill, release } from './kernels/materialize';
import { binary, clamp, unary, where } from './kernels/pointwise';
import { check } from './kernels/check';

export interface RuntimeHolder {
  runtime(): GpuRuntime;
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

const notYet = (name: string) => () => {
  throw new Error(`webgpu backend: ${name} is not yet implemented`);
};

export function createBackend(holder: RuntimeHolder): Backend {
  const rt = () => holder.runtime();
  const backend: Backend = {
    device: 'webgpu',
    caps,
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
    check: (flag, error) => check(rt(), flag, error),
    flush: () => rt().flush(),
    sync: async () => {
      await rt().read(null, 0, 0);
    },
    fill: (out, value) => fill(rt(), out, value),
    copy: (src, out) => copy(rt(), src, out),
    unary: (op, x, out, compute) => unary(rt(), op, x, out, compute),
    binary: (op, a, b, out, compute) => binary(rt(), op, a, b, out, compute),
    where: (cond, a, b, out) => where(rt(), cond, a, b, out),
    clamp: (x, min, max, out, compute) => clamp(rt(), x, min, max, out, compute),
    reduce: notYet('reduce'),
    scan: notYet('scan'),
    matmul: notYet('matmul'),
    gather: notYet('gather'),
    scatter: notYet('scatter'),
    sort: notYet('sort'),
    conv2d: notYet('conv2d'),
    conv2dBackwardInput: notYet('conv2dBackwardInput'),
    conv2dBackwardWeight: notYet('conv2dBackwardWeight'),
    maxPool2d: notYet('maxPool2d'),
    maxPool2dBackward: notYet('maxPool2dBackward'),
  };
  return backend;
}
