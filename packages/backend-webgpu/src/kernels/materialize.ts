// Strided copy with PyTorch's casting (the backend's `copy` and `fill`), and the contiguous copies
// other kernels need: an input that overlaps its output through another view, a read of a strided view.
import type { DType, TensorRef } from '@x/tensor';
import { contiguousStrides } from '@x/tensor';
import { laneOf } from '../dtypes';
import { allocateStorage, disposeStorage } from '../memory';
import type { GpuRuntime } from '../runtime';
import { GpuStorage } from '../storage';
import { cast, castFlags } from '../wgsl/cast';
import { runElementwise } from './elementwise';
import { int64Range } from '../dtypes';
import { numel } from '../layout';

export function copy(rt: GpuRuntime, src: TensorRef, out: TensorRef, op = 'copy'): void {
  const flags = castFlags(src.dtype, out.dtype) ? () => int64Range(op, 'converted from a float') : undefined;
  runElementwise(rt, {
    op,
    out,
    args: [{ ref: src }],
    fn: `fn f(x: ${laneOf(src.dtype)}) -> ${laneOf(out.dtype)} { return ${cast('x', src.dtype, out.dtype)}; }`,
    flags,
  });
}

export function fill(rt: GpuRuntime, out: TensorRef, value: number): void {
  if (out.dtype === 'int64' && !(value >= -(2 ** 31) && value <= 2 ** 31 - 1)) throw int64Range('fill', value);
  runElementwise(rt, {
    op: 'fill',
    out,
    args: [{ scalar: value, dtype: out.dtype }],
    fn: `fn f(x: ${laneOf(out.dtype)}) -> ${laneOf(out.dtype)} { return x; }`,
  });
}

/** A contiguous copy of `ref` in a fresh storage (the caller disposes it with `release`). */
export function copyToFresh(rt: GpuRuntime, ref: TensorRef, op: string, dtype: DType = ref.dtype): TensorRef {
  const storage = allocateStorage(rt, dtype, numel(ref.shape), 'uninit', op);
  const out: TensorRef = { storage, dtype, shape: ref.shape, strides: contiguousStrides(ref.shape), offset: 0 };
  copy(rt, ref, out, op);
  return out;
}

export function release(rt: GpuRuntime, ref: TensorRef): void {
  if (ref.storage instanceof GpuStorage && !ref.storage.disposed) disposeStorage(rt, ref.storage);
}
