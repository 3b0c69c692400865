// float32 sum/max/min and argmax/argmin on the SIMD kernels for contiguous inputs whose reduced dims
// form one block: the trailing dims (row reductions, a full reduction) or a middle block
// ([outer, R, inner] -> [outer, inner]). Indices are int64 (float64 lanes).
import type { ReduceOp, TensorRef } from '@x/tensor';
import { isContiguous } from '@x/tensor';
import { REDUCE_CODE, simd } from '../wasm/module';
import { heapPtr } from './simd-layout';

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
  if (arg) {
    if (inner === 1) k.argreduce_rows_f32(code, outer, R, px, R, po, 1);
    else k.argreduce_cols_f32(code, outer, R, inner, px, po);
  } else if (inner === 1) k.reduce_rows_f32(code, outer, R, px, R, po, 1);
  else k.reduce_cols_f32(code, outer, R, inner, px, po);
  return true;
}
