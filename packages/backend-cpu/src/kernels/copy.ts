// Strided copy with dtype conversion, and fill.
import { numelOf, type TensorRef, type TypedArray } from '@x/tensor';
import { CpuStorage, dataOf } from '../storage';
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

// The bits a typed array stores for a value (float32 rounding, int32 and uint8 wrapping), for the fill kernels.
const bits = new Uint32Array(1);
const asF32 = new Float32Array(bits.buffer);
const asI32 = new Int32Array(bits.buffer);
const asU8 = new Uint8Array(1);

/**
 * Fills contiguous runs of a heap storage with the SIMD kernels: (element index, count) => void, or
 * null outside the heap. TypedArray.prototype.fill over the heap's shared memory stores one element
 * at a time, about 10x slower (50 us for an MLP's 100,000 gradients).
 */
function simdFill(out: TensorRef, D: TypedArray, value: number): ((at: number, n: number) => void) | null {
  const k = simd();
  const s = out.storage;
  // not heapPtr: that counts an operand outside the heap, and filling one was never counted
  if (k === null || !(s instanceof CpuStorage) || s.disposed || s.ptr < 0) return null;
  const base = s.ptr;
  if (D instanceof Float64Array) return (at, n) => k.fill_64(base + at * 8, n, value);
  if (D instanceof Float32Array || D instanceof Int32Array) {
    if (D instanceof Float32Array) asF32[0] = value;
    else asI32[0] = value;
    const b = bits[0]!;
    return (at, n) => k.fill_32(base + at * 4, n, b);
  }
  asU8[0] = value;
  const b = asU8[0]!;
  return (at, n) => k.fill_8(base + at, n, b);
}

export function fill(out: TensorRef, value: number): void {
  const D = dataOf(out.storage);
  const run = numelOf(out.shape) >= 64 ? simdFill(out, D, value) : null;
  forEachRow(out.shape, [out], (b, n, s) => {
    const st = s[0]!;
    if (st === 1) {
      if (run !== null && n >= 16) run(b[0]!, n);
      else D.fill(value, b[0]!, b[0]! + n);
      return;
    }
    for (let k = 0, o = b[0]!; k < n; k++, o += st) D[o] = value;
  });
}
