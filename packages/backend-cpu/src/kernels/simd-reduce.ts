// float32 sum/max/min and argmax/argmin on the SIMD kernels for contiguous inputs whose reduced dims
// form one block: the trailing dims (row reductions, a full reduction) or a middle block
// ([outer, R, inner] -> [outer, inner]). Indices are int64 (float64 lanes).
import type { ReduceOp, TensorRef } from '@x/tensor';
import { isContiguous } from '@x/tensor';
import { REDUCE_CODE, simd } from '../wasm/module';
import { heapPtr } from './simd-layout';
import { cpuHeap } from '../heap';
import { COST, overRange, worthSplitting } from '../split-threads';

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
  if (inner === 1 && outer === 1 && !arg && worthSplitting(R * COST.reduce) && fullReduce(code, R, px, po)) return true;
  // rows (or [R, inner] blocks) split over threads: each output element reduced as on one thread
  const work = R * inner * COST.reduce;
  if (inner === 1) overRange(arg ? 'argreduce_rows_f32' : 'reduce_rows_f32', outer, work, 1, [code, outer, R, px, R, po, 1], 1, [[3, 4 * R], [5, es]]);
  else overRange(arg ? 'argreduce_cols_f32' : 'reduce_cols_f32', outer, work, 1, [code, outer, R, inner, px, po], 1, [[4, 4 * R * inner], [5, es * inner]]);
  return true;
}

/** Blocks of a long full reduction at most (their partial results live in the heap). */
const MAX_BLOCKS = 4096;
let partials = -1;

/**
 * A sum/max/min of one long row: its blocks of a multiple of 1024 elements each reduced to a float32
 * partial (split over threads when there are several), then the partials reduced by the same
 * kernel, on any thread count alike. A max or min is exact; a sum adds each block's float32 rounding
 * to the blocks' float64 sum, the same on any thread count (PyTorch's sum changes with its thread
 * count). False when the heap has no room for the partials.
 */
function fullReduce(code: number, n: number, px: number, po: number): boolean {
  if (partials < 0) partials = cpuHeap()!.alloc(4 * (MAX_BLOCKS + 1));
  if (partials < 0) return false;
  const k = simd()!;
  const L = 1024 * Math.ceil(n / (1024 * MAX_BLOCKS));
  const blocks = Math.floor(n / L);
  const tail = n - blocks * L;
  if (blocks > 0) overRange('reduce_rows_f32', blocks, L * COST.reduce, 1, [code, blocks, L, px, L, partials, 1], 1, [[3, 4 * L], [5, 4]]);
  if (tail > 0) k.reduce_rows_f32(code, 1, tail, px + 4 * blocks * L, tail, partials + 4 * blocks, 1);
  // the partials' sum in float64 (reduce_cols' loop for one column)
  k.reduce_cols_f32(code, 1, blocks + (tail > 0 ? 1 : 0), 1, partials, po);
  return true;
}
