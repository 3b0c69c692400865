// Elementwise float32 ops on the WebAssembly SIMD kernels, when every operand is a float32 view in the
// heap (or a scalar) whose rows fit the kernels' layout; each returns false otherwise, and the
// TypeScript kernel (the reference) runs instead.
import { isContiguous, numelOf, type BinaryOp, type DType, type Operand, type TensorRef, type UnaryOp } from '@x/tensor';
import { cpuHeap } from '../heap';
import { BINARY_CODE, simd, UNARY_CODE } from '../wasm/module';
import { COST, overRange } from '../split-threads';
import { forEachOuter, heapPtr, layout2d, type Layout } from './simd-layout';

const COMPARE = new Set<BinaryOp>(['lt', 'le', 'gt', 'ge', 'eq', 'ne']);
/** Unary ops computed by polynomials (several times a ReLU's work per element). */
const HEAVY_UNARY = new Set<UnaryOp>(['exp', 'log', 'sigmoid', 'tanh']);

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
    const n = numelOf(out.shape);
    overRange(kernel, n, COST.binary, 16, [code, 1, n, pa, 0, ai, pb, 0, bi, po, 0], 2, [[3, 4 * ai], [6, 4 * bi], [9, es]]);
    return true;
  }
  const l = layout2d(out.shape, [A.strides, B.strides, out.strides]);
  if (l === null) return false;
  const base = po - out.offset * es;
  forEachOuter(l, [A.offset, B.offset, out.offset], ([oa, ob, oo]) => {
    const args = [code, l.rows, l.cols, A.ptr + oa! * 4, l.rowStrides[0]!, l.inner[0]!, B.ptr + ob! * 4, l.rowStrides[1]!, l.inner[1]!, base + oo! * es, l.rowStrides[2]!];
    overRows(kernel, l, COST.binary, args, [[3, 4], [6, 4], [9, es]]);
  });
  return true;
}

/**
 * One call of a row kernel (`args`: op, rows, cols, then per operand a pointer and its strides) over
 * a layout's rows (`cost` per element), split over threads when large: by rows, or along the row in ranges of 16 elements
 * when there is one. `ptrs` are [argument, element size] of the operands' pointers, in the layout's
 * operand order.
 */
function overRows(kernel: 'binary_f32' | 'compare_f32' | 'unary_f32', l: Layout, cost: number, args: readonly number[], ptrs: readonly (readonly [number, number])[]): void {
  if (l.rows === 1) overRange(kernel, l.cols, cost, 16, args, 2, ptrs.map(([arg, es], i) => [arg, es * l.inner[i]!]));
  else overRange(kernel, l.rows, l.cols * cost, 1, args, 1, ptrs.map(([arg, es], i) => [arg, es * l.rowStrides[i]!]));
}

export function simdUnary(op: UnaryOp, x: TensorRef, out: TensorRef, compute: DType): boolean {
  if (compute !== 'float32' || x.dtype !== 'float32' || out.dtype !== 'float32') return false;
  const code = UNARY_CODE[op];
  if (code === undefined) return false;
  const k = simd();
  if (k === null) return false;
  const cost = HEAVY_UNARY.has(op) ? COST.transcendental : COST.unary;
  const px = heapPtr(x);
  const po = heapPtr(out);
  if (px < 0 || po < 0) return false;
  if (flat(x, out) && isContiguous(out.shape, out.strides)) {
    const n = numelOf(out.shape);
    overRange('unary_f32', n, cost, 16, [code, 1, n, px, n, po, n], 2, [[3, 4], [5, 4]]);
    return true;
  }
  const l = layout2d(out.shape, [x.strides, out.strides]);
  if (l === null || (l.inner[0] !== 1 && l.cols > 1)) return false;
  const bx = px - x.offset * 4;
  const bo = po - out.offset * 4;
  forEachOuter(l, [x.offset, out.offset], ([ox, oo]) => {
    overRows('unary_f32', l, cost, [code, l.rows, l.cols, bx + ox! * 4, l.rowStrides[0]!, bo + oo! * 4, l.rowStrides[1]!], [[3, 4], [5, 4]]);
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
