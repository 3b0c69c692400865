// The CPU backend: every kernel runs synchronously on typed arrays, so reads can be synchronous too.
import { ARRAY_TYPE, contiguousStrides, isContiguous, numelOf, type Backend, type DType, type Storage, type TensorRef, type TypedArray } from '@x/tensor';
import { allocateCpu, CpuStorage, dataOf } from './storage';
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

function readCopy(ref: TensorRef): TypedArray {
  const n = numelOf(ref.shape);
  const src = dataOf(ref.storage);
  if (isContiguous(ref.shape, ref.strides)) return src.slice(ref.offset, ref.offset + n);
  const out = new CpuStorage(ref.dtype, new ARRAY_TYPE[ref.dtype](n));
  copy(ref, { storage: out, dtype: ref.dtype, shape: ref.shape, strides: contiguousStrides(ref.shape), offset: 0 });
  return out.data;
}


export const cpuBackend: Backend = {
  device: 'cpu',
  supportsDType: (_dtype: DType) => true,
  allocate: allocateCpu,
  upload: (data, dtype) => new CpuStorage(dtype, data.slice()),
  read: (ref) => Promise.resolve(readCopy(ref)),
  readSync: readCopy,
  typedArray: (storage: Storage) => dataOf(storage),
  wrap: (data, dtype) => new CpuStorage(dtype, data),
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
