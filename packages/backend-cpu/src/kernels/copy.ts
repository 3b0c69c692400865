// Strided copy with dtype conversion, and fill.
import type { TensorRef } from '@x/tensor';
import { dataOf } from '../storage';
import { forEachRow } from '../strided';
import { computeConverter } from '../cast';
import { simd } from '../wasm/module';
import { heapPtr, layout2dAny } from './simd-layout';

/** 32-bit copies whose destination rows are contiguous, on the SIMD kernel (transposes in 4 x 4 blocks). */
function simdCopy(src: TensorRef, out: TensorRef): boolean {
  if (src.dtype !== out.dtype || (src.dtype !== 'float32' && src.dtype !== 'int32') || src.storage === out.storage) return false;
  const k = simd();
  const ps = heapPtr(src);
  const po = heapPtr(out);
  if (k === null || ps < 0 || po < 0) return false;
  const l = layout2dAny(out.shape, [src.strides, out.strides]);
  if (l === null || l.outerShape.length > 0 || l.inner[1] !== 1 || l.rows * l.cols < 64) return false;
  k.copy2d_32(l.rows, l.cols, ps, l.rowStrides[0]!, l.inner[0]!, po, l.rowStrides[1]!);
  return true;
}

export function copy(src: TensorRef, out: TensorRef): void {
  if (simdCopy(src, out)) return;
  const S = dataOf(src.storage);
  const D = dataOf(out.storage);
  // A float32 or float64 store already rounds as the converter would (Math.fround, or nothing): rows
  // then copy with TypedArray.set, which converts natively (a uint8 image to float32, say).
  const convert = out.dtype === 'float32' || out.dtype === 'float64' ? null : computeConverter(src.dtype, out.dtype);
  // Same storage and overlapping views (x.copy_(x.flip(0))): read everything before writing.
  const from = src.storage === out.storage ? S.slice() : S;
  forEachRow(out.shape, [src, out], (b, n, s) => {
    let i = b[0]!;
    let o = b[1]!;
    const si = s[0]!;
    const so = s[1]!;
    if (convert === null) {
      if (si === 1 && so === 1) {
        D.set(from.subarray(i, i + n), o);
        return;
      }
      for (let k = 0; k < n; k++, i += si, o += so) D[o] = from[i]!;
      return;
    }
    for (let k = 0; k < n; k++, i += si, o += so) D[o] = convert(from[i]!);
  });
}

export function fill(out: TensorRef, value: number): void {
  const D = dataOf(out.storage);
  forEachRow(out.shape, [out], (b, n, s) => {
    const st = s[0]!;
    if (st === 1) {
      D.fill(value, b[0]!, b[0]! + n);
      return;
    }
    for (let k = 0, o = b[0]!; k < n; k++, o += st) D[o] = value;
  });
}
