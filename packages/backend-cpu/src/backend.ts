// The CPU backend: every kernel runs synchronously on typed arrays, so reads can be synchronous too.
import { ARRAY_TYPE, contiguousStrides, isContiguous, numelOf, type Backend, type BackendCaps, type TensorRef, type TypedArray } from '@x/tensor';
import { allocateCpu, CpuStorage, cpuPool, dataOf, disposeCpu, escape } from './storage';
import { unary } from './kernels/unary';
import { binary, clamp, where } from './kernels/binary';
import { reduce } from './kernels/reduce';
import { scan } from './kernels/scan';
import { matmul } from './kernels/matmul';
import { gather, scatter } from './kernels/gather';
import { sort } from './kernels/sort';
import { copy, fill } from './kernels/copy';
import { conv2d, conv2dBackwardInput, conv2dBackwardWeight } from './kernels/conv';
import { maxPool2d, maxPool2dBackward } from './kernels/pool';
import { fused } from './fused';
import { cpuHeap } from './heap';
import { simdStatus } from './wasm/module';
import { threadsAvailable } from './pool-threads';

function readCopy(ref: TensorRef): TypedArray {
  const n = numelOf(ref.shape);
  const src = dataOf(ref.storage);
  if (isContiguous(ref.shape, ref.strides)) return src.slice(ref.offset, ref.offset + n);
  const out = new CpuStorage(ref.dtype, new ARRAY_TYPE[ref.dtype](n));
  copy(ref, { storage: out, dtype: ref.dtype, shape: ref.shape, strides: contiguousStrides(ref.shape), offset: 0 });
  return out.data;
}

/** Every dtype in its own typed array; int64 in float64 lanes, exact within ±(2^53 - 1). */
const caps: BackendCaps = Object.freeze({
  syncRead: true,
  hostShared: true,
  dtypes: Object.freeze({ float32: 'native', float64: 'native', int32: 'native', int64: 'native', uint8: 'native', bool: 'native' }),
  int64Range: Object.freeze([-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] as const),
  collectsGarbage: true,
});

function check(flag: TensorRef, error: (value?: number) => Error, values?: TensorRef): void {
  // Kernels run at once here, so a data check runs at once too.
  const bad = readCopy(flag);
  for (let i = 0; i < bad.length; i++) if (bad[i] !== 0) throw error(values ? readCopy(values)[i] : undefined);
}

/** The CPU backend (WebAssembly and JavaScript kernels), registered as device `'cpu'` when this package is imported. */
export const cpuBackend: Backend = {
  device: 'cpu',
  caps,
  info: () => ({ ...simdStatus(), threads: threadsAvailable() }),
  allocate: allocateCpu,
  upload: (data, dtype) => {
    const s = allocateCpu(dtype, data.length, 'uninit');
    s.data.set(data);
    return s;
  },
  dispose: disposeCpu,
  memory: () => {
    const heap = cpuHeap();
    return {
      pooledBytes: cpuPool.pooledBytes,
      poolHits: cpuPool.hits,
      poolMisses: cpuPool.misses,
      heapBytes: heap?.usedBytes ?? 0,
      heapLiveBytes: heap?.liveBytes ?? 0,
      heapLimitBytes: heap?.limitBytes ?? 0,
      offHeapAllocs: cpuPool.offHeapAllocs,
      offHeapOperands: cpuPool.offHeapOperands,
      reclaimedBlocks: cpuPool.reclaimedBlocks,
    };
  },
  read: (ref) => Promise.resolve(readCopy(ref)),
  readSync: readCopy,
  typedArray: escape,
  wrap: (data, dtype) => Object.assign(new CpuStorage(dtype, data), { escaped: true }),
  check,
  sync: () => Promise.resolve(),
  fused,
  fill,
  copy,
  unary,
  binary,
  where,
  clamp,
  reduce,
  scan,
  matmul,
  gather,
  scatter,
  sort,
  conv2d,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  maxPool2d,
  maxPool2dBackward,
};
