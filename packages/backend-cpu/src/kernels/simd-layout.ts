// Fitting strided operands to the SIMD kernels' 2-D layout: rows of `cols` elements, each operand with
// a row stride and an element stride of 1 (or 0: a broadcast value), outer dims looped here. An
// operand is addressed in the heap by byte pointer; operands outside the heap (wrapped arrays,
// escaped storages) do not fit and the TypeScript kernels serve.
import type { Operand, TensorRef } from '@x/tensor';
import { CpuStorage, cpuPool } from '../storage';
import { coalesce, forEachRow } from '../strided';

/** The heap byte address of element 0 of a view, or -1 when its storage is not in the heap. */
export function heapPtr(ref: TensorRef): number {
  const s = ref.storage;
  if (!(s instanceof CpuStorage) || s.disposed) return -1;
  if (s.ptr < 0) {
    cpuPool.offHeapOperands++; // the TypeScript kernels serve it: counted, so a slow path shows in torch.memory()
    return -1;
  }
  return s.ptr + ref.offset * s.data.BYTES_PER_ELEMENT;
}

/** A scalar operand as a 1-element heap block, reused by every call (float32). */
export interface Scratch {
  scalar(v: number, slot: number): number;
}

export interface Layout {
  /** Rows per outer index and elements per row. */
  rows: number;
  cols: number;
  /** Per operand: row stride and element stride (0 or 1), in elements. */
  rowStrides: number[];
  inner: number[];
  /** Outer dims (looped by the caller), per operand strides in elements. */
  outerShape: number[];
  outerStrides: number[][];
}

/**
 * The 2-D layout of `shape` over operands with these strides (the output last), or null when an
 * inner stride is not 0 or 1 (the output's must be 1).
 */
export function layout2d(shape: readonly number[], strides: readonly (readonly number[])[]): Layout | null {
  return layoutOf(shape, strides, false);
}

/** As layout2d, but inputs' inner strides may be anything (a strided copy reads them element by element). */
export function layout2dAny(shape: readonly number[], strides: readonly (readonly number[])[]): Layout | null {
  return layoutOf(shape, strides, true);
}

function layoutOf(shape: readonly number[], strides: readonly (readonly number[])[], anyInner: boolean): Layout | null {
  const c = coalesce(shape, strides.map((s) => [...s]));
  const nd = c.shape.length;
  const k = strides.length;
  if (nd === 0) return { rows: 1, cols: 1, rowStrides: new Array<number>(k).fill(0), inner: new Array<number>(k).fill(0), outerShape: [], outerStrides: c.strides.map(() => []) };
  const cols = c.shape[nd - 1]!;
  const inner = c.strides.map((s) => s[nd - 1]!);
  if (!anyInner) for (let i = 0; i < k; i++) if (inner[i] !== 0 && inner[i] !== 1) return null;
  if (inner[k - 1] !== 1 && cols > 1) return null;
  if (cols === 1 && !anyInner) inner.fill(0);
  if (nd === 1) return { rows: 1, cols, rowStrides: new Array<number>(k).fill(0), inner, outerShape: [], outerStrides: c.strides.map(() => []) };
  return {
    rows: c.shape[nd - 2]!,
    cols,
    rowStrides: c.strides.map((s) => s[nd - 2]!),
    inner,
    outerShape: c.shape.slice(0, nd - 2),
    outerStrides: c.strides.map((s) => s.slice(0, nd - 2)),
  };
}

/** Calls fn with each operand's element offset for every outer index of the layout. */
export function forEachOuter(l: Layout, offsets: readonly number[], fn: (offsets: readonly number[]) => void): void {
  if (l.outerShape.length === 0) {
    fn(offsets);
    return;
  }
  forEachRow(
    l.outerShape,
    offsets.map((offset, i) => ({ strides: l.outerStrides[i]!, offset })),
    (bases, n, steps) => {
      const cur = Array.from(bases);
      for (let t = 0; t < n; t++) {
        fn(cur);
        for (let i = 0; i < cur.length; i++) cur[i]! += steps[i]!;
      }
    },
    false,
  );
}

/** Whether an operand is a float32 heap view (or a plain number). */
export function isF32Operand(x: Operand): boolean {
  return typeof x === 'number' || (x.dtype === 'float32' && heapPtr(x) >= 0);
}
