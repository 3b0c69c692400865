// Elementwise float32 ops on the WebAssembly SIMD kernels, when every operand is a float32 view in the
// heap (or a scalar) whose rows fit the kernels' layout; each returns false otherwise, and the
// TypeScript kernel (the reference) runs instead.
import type { BinaryOp, DType, Operand, TensorRef, UnaryOp } from '@x/tensor';
import { cpuHeap } from '../heap';
import { BINARY_CODE, simd, UNARY_CODE } from '../wasm/module';
import { forEachOuter, heapPtr, layout2d } from './simd-layout';

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
  const l = layout2d(out.shape, [A.strides, B.strides, out.strides]);
  if (l === null) return false;
  const es = compare ? 1 : 4;
  const base = po - out.offset * es;
  const fn = compare ? k.compare_f32 : k.binary_f32;
  forEachOuter(l, [A.offset, B.offset, out.offset], ([oa, ob, oo]) => {
    fn(code, l.rows, l.cols, A.ptr + oa! * 4, l.rowStrides[0]!, l.inner[0]!, B.ptr + ob! * 4, l.rowStrides[1]!, l.inner[1]!, base + oo! * es, l.rowStrides[2]!);
  });
  return true;
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
  const l = layout2d(out.shape, [x.strides, out.strides]);
  if (l === null || (l.inner[0] !== 1 && l.cols > 1)) return false;
  const bx = px - x.offset * 4;
  const bo = po - out.offset * 4;
  forEachOuter(l, [x.offset, out.offset], ([ox, oo]) => {
    k.unary_f32(code, l.rows, l.cols, bx + ox! * 4, l.rowStrides[0]!, bo + oo! * 4, l.rowStrides[1]!);
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
