// float32 sum/max/min and argmax/argmin on the SIMD kernels for contiguous inputs whose reduced dims
// form one block: the trailing dims (row reductions, a full reduction) or a middle block
// ([outer, R, inner] -> [outer, inner]). Indices are int64 (float64 lanes).
import type { ReduceOp, TensorRef } from '@x/tensor';
import { isContiguous } from '@x/tensor';
import { REDUCE_CODE, simd } from '../wasm/module';
import { heapPtr } from './simd-layout';
import { cpuHeap } from '../heap';
import { overRange, rangeThreads } from '../split-threads';

export function simdReduce(op: ReduceOp, x: TensorRef, dims: readonly number[], out: TensorRef): boolean {
  const arg = op === 'argmax' || op === 'argmin';
  const code = arg ? REDUCE_CODE[op === 'argmax' ? 'max' : 'min'] : REDUCE_CODE[op];
  if (code === undefined || x.dtype !== 'float32' || out.dtype !== (arg ? 'int64' : 'float32')) return false;
  const k = simd();
  if (k === null) return false;
  const px = heapPtr(x);
  const po = heapPtr(out);
  if (px < 0 || po < 0 || !isContiguous(x.shape, x.strides) || !isContiguous(out.shape, out.strides)) return false;
  // reduced dims of size 1 change nothing; the rest must be one consecutive block
  const red = dims.filter((d) => x.shape[d] !== 1).sort((p, q) => p - q);
  let R = 1;
  for (const d of red) R *= x.shape[d]!;
  if (R === 0) return false;
  if (red.length > 0 && red[red.length - 1]! - red[0]! !== red.length - 1) return false;
  const first = red.length > 0 ? red[0]! : x.shape.length;
  const last = red.length > 0 ? red[red.length - 1]! : x.shape.length - 1;
  let outer = 1;
  for (let d = 0; d < first; d++) outer *= x.shape[d]!;
  let inner = 1;
  for (let d = last + 1; d < x.shape.length; d++) inner *= x.shape[d]!;
  if (outer * inner === 0) return false;
  const es = arg ? 8 : 4;
  if (inner === 1 && outer === 1 && !arg && fullReduce(code, R, px, po)) return true;
  // rows (or [R, inner] blocks) split over threads: each output element reduced as on one thread
  if (inner === 1) overRange(arg ? 'argreduce_rows_f32' : 'reduce_rows_f32', outer, R, 1, (o, n) => [code, n, R, px + 4 * o * R, R, po + es * o, 1]);
  else overRange(arg ? 'argreduce_cols_f32' : 'reduce_cols_f32', outer, R * inner, 1, (o, n) => [code, n, R, inner, px + 4 * o * R * inner, po + es * o * inner]);
  return true;
}

// Per-thread results of a split full reduction, in the heap (allocated once).
let partials = -1;

/**
 * A sum/max/min of one large row split over threads: each thread reduces a range of whole 1024-element
 * blocks to a float32 partial, then the caller reduces the partials with the same kernel. A max or min
 * is exact; a sum differs from one thread's by the partials' float32 rounding (PyTorch's sum also
 * changes with its thread count). False when it stays on one thread.
 */
function fullReduce(code: number, n: number, px: number, po: number): boolean {
  const threads = rangeThreads(n, 1, 1024);
  if (threads <= 1) return false;
  if (partials < 0) partials = cpuHeap()!.alloc(4 * 64);
  if (partials < 0) return false;
  const at = partials;
  let t = 0;
  overRange('reduce_rows_f32', n, 1, 1024, (s, count) => [code, 1, count, px + 4 * s, count, at + 4 * t++, 1]);
  simd()!.reduce_rows_f32(code, 1, t, at, t, po, 1);
  return true;
}
