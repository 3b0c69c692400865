// Elementwise float32 ops on the WebAssembly SIMD kernels, when every operand is a float32 view in the
// heap (or a scalar) whose rows fit the kernels' layout; each returns false otherwise, and the
// TypeScript kernel (the reference) runs instead.
import { isContiguous, numelOf, type BinaryOp, type DType, type Operand, type TensorRef, type UnaryOp } from '@x/tensor';
import { cpuHeap } from '../heap';
import { BINARY_CODE, simd, UNARY_CODE } from '../wasm/module';
import { overRange } from '../split-threads';
import { forEachOuter, heapPtr, layout2d, type Layout } from './simd-layout';

const COMPARE = new Set<BinaryOp>(['lt', 'le', 'gt', 'ge', 'eq', 'ne']);

// Heap slots for scalar operands (float32), allocated once.
let scalarPtr = -1;
let scalarView: Float32Array | null = null;
function scalarSlot(v: number, slot: number): number {
  if (scalarView === null) {
    scalarPtr = cpuHeap()!.alloc(64);
    if (scalarPtr < 0) return -1; // the heap is full: the TypeScript kernels serve
    scalarView = new Float32Array(cpuHeap()!.view, scalarPtr, 16);
  }
  scalarView[slot] = v;
  return scalarPtr + 4 * slot;
}

/** Operand i's base pointer and strides: a float32 heap view, or a scalar in slot i. */
function operand(x: Operand, out: TensorRef, slot: number): { ptr: number; strides: readonly number[]; offset: number } | null {
  if (typeof x === 'number') {
    const ptr = scalarSlot(x, slot);
    return ptr < 0 ? null : { ptr, strides: out.shape.map(() => 0), offset: 0 };
  }
  if (x.dtype !== 'float32') return null;
  const p = heapPtr(x);
  return p < 0 ? null : { ptr: p - x.offset * 4, strides: x.strides, offset: x.offset };
}

/** A scalar, or a contiguous view of out's own shape (no broadcasting). */
function flat(x: Operand, out: TensorRef): boolean {
  if (typeof x === 'number') return true;
  if (x.shape.length !== out.shape.length) return false;
  for (let i = 0; i < x.shape.length; i++) if (x.shape[i] !== out.shape[i]) return false;
  return isContiguous(x.shape, x.strides);
}

export function simdBinary(op: BinaryOp, a: Operand, b: Operand, out: TensorRef, compute: DType): boolean {
  if (compute !== 'float32') return false;
  const code = BINARY_CODE[op];
  if (code === undefined) return false;
  const compare = COMPARE.has(op);
  if (out.dtype !== (compare ? 'bool' : 'float32')) return false;
  const k = simd();
  if (k === null) return false;
  const po = heapPtr(out);
  if (po < 0) return false;
  const A = operand(a, out, 0);
  const B = A && operand(b, out, 1);
  if (!A || !B) return false;
  const es = compare ? 1 : 4;
  const kernel = compare ? 'compare_f32' : 'binary_f32';
  if (flat(a, out) && flat(b, out) && isContiguous(out.shape, out.strides)) {
    // the common case without broadcasting: one row of every element, no layout to work out
    const [pa, ai] = typeof a === 'number' ? [A.ptr, 0] : [A.ptr + A.offset * 4, 1];
    const [pb, bi] = typeof b === 'number' ? [B.ptr, 0] : [B.ptr + B.offset * 4, 1];
    overRange(kernel, numelOf(out.shape), 1, 16, (at, n) => [code, 1, n, pa + 4 * ai * at, 0, ai, pb + 4 * bi * at, 0, bi, po + es * at, 0]);
    return true;
  }
  const l = layout2d(out.shape, [A.strides, B.strides, out.strides]);
  if (l === null) return false;
  const base = po - out.offset * es;
  forEachOuter(l, [A.offset, B.offset, out.offset], ([oa, ob, oo]) => {
    overRows(kernel, l, (r, rows, c, cols) => {
      const [sa, sb, so] = [0, 1, 2].map((i) => r * l.rowStrides[i]! + c * l.inner[i]!) as [number, number, number];
      return [code, rows, cols, A.ptr + (oa! + sa) * 4, l.rowStrides[0]!, l.inner[0]!, B.ptr + (ob! + sb) * 4, l.rowStrides[1]!, l.inner[1]!, base + (oo! + so) * es, l.rowStrides[2]!];
    });
  });
  return true;
}

/**
 * One call of a row kernel over a layout's rows, split over threads when large: by rows, or along
 * the row in ranges of 16 elements when there is one. `args(row, rows, col, cols)` address rows
 * [row, row + rows) and columns [col, col + cols) (offsets in elements).
 */
function overRows(kernel: 'binary_f32' | 'compare_f32' | 'unary_f32', l: Layout, args: (row: number, rows: number, col: number, cols: number) => number[]): void {
  if (l.rows === 1) overRange(kernel, l.cols, 1, 16, (c, cols) => args(0, 1, c, cols));
  else overRange(kernel, l.rows, l.cols, 1, (r, rows) => args(r, rows, 0, l.cols));
}

export function simdUnary(op: UnaryOp, x: TensorRef, out: TensorRef, compute: DType): boolean {
  if (compute !== 'float32' || x.dtype !== 'float32' || out.dtype !== 'float32') return false;
  const code = UNARY_CODE[op];
  if (code === undefined) return false;
  const k = simd();
  if (k === null) return false;
  const px = heapPtr(x);
  const po = heapPtr(out);
  if (px < 0 || po < 0) return false;
  if (flat(x, out) && isContiguous(out.shape, out.strides)) {
    overRange('unary_f32', numelOf(out.shape), 1, 16, (at, n) => [code, 1, n, px + 4 * at, n, po + 4 * at, n]);
    return true;
  }
  const l = layout2d(out.shape, [x.strides, out.strides]);
  if (l === null || (l.inner[0] !== 1 && l.cols > 1)) return false;
  const bx = px - x.offset * 4;
  const bo = po - out.offset * 4;
  forEachOuter(l, [x.offset, out.offset], ([ox, oo]) => {
    overRows('unary_f32', l, (r, rows, c, cols) => [
      code, rows, cols, bx + (ox! + r * l.rowStrides[0]! + c) * 4, l.rowStrides[0]!, bo + (oo! + r * l.rowStrides[1]! + c) * 4, l.rowStrides[1]!,
    ]);
  });
  return true;
}

export function simdWhere(cond: TensorRef, a: Operand, b: Operand, out: TensorRef): boolean {
  if (out.dtype !== 'float32' || cond.dtype !== 'bool') return false;
  const k = simd();
  if (k === null) return false;
  const po = heapPtr(out);
  const pc = heapPtr(cond);
  if (po < 0 || pc < 0) return false;
  const A = operand(a, out, 0);
  const B = A && operand(b, out, 1);
  if (!A || !B) return false;
  const l = layout2d(out.shape, [cond.strides, A.strides, B.strides, out.strides]);
  if (l === null) return false;
  const bc = pc - cond.offset;
  const bo = po - out.offset * 4;
  forEachOuter(l, [cond.offset, A.offset, B.offset, out.offset], ([oc, oa, ob, oo]) => {
    k.where_f32(
      l.rows, l.cols, bc + oc!, l.rowStrides[0]!, l.inner[0]!, A.ptr + oa! * 4, l.rowStrides[1]!, l.inner[1]!,
      B.ptr + ob! * 4, l.rowStrides[2]!, l.inner[2]!, bo + oo! * 4, l.rowStrides[3]!,
    );
  });
  return true;
}
