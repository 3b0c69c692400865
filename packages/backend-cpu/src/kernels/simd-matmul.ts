// float32 matrix products on the SIMD GEMM (wasm/gemm.c: packed panels, a 4 x 8 register tile,
// float32 sums as PyTorch's CPU matmul). Operands are read in place from the heap with any strides;
// float32 operands outside the heap are first copied into it. Other dtypes return false.
import type { TensorRef } from '@x/tensor';
import { contiguousStrides } from '@x/tensor';
import { cpuHeap } from '../heap';
import { allocateCpu, CpuStorage, disposeCpu } from '../storage';
import { forEachRow } from '../strided';
import { simd, type SimdKernels } from '../wasm/module';
import { copy } from './copy';
import { heapPtr } from './simd-layout';
import { runParallel, threadsAvailable, threadWorkspace, threadWorkspaces } from '../pool-threads';

/** Products below this many multiply-adds run on one thread (a hand-off costs microseconds while the helpers spin, ~0.3 ms once they sleep). */
let parallelMinMacs = 2 ** 19;

/** Whether a kernel of this many multiply-adds is worth splitting over threads. */
export const worthThreads = (macs: number): boolean => macs >= parallelMinMacs;

/** Changes that threshold (tests set 0 to split every product). */
export function setParallelMinMacs(n: number): void {
  parallelMinMacs = n;
}

let workspace = -1;

/** The GEMM's packing workspace, allocated once from the heap; -1 while the heap is full. */
export function gemmWorkspace(k: SimdKernels): number {
  if (workspace < 0) workspace = cpuHeap()!.alloc(k.sgemm_workspace());
  return workspace;
}

/** A float32 view in the heap: itself, or a contiguous heap copy (disposed by the caller). */
function inHeap(ref: TensorRef): { ref: TensorRef; temp: CpuStorage | null } {
  if (heapPtr(ref) >= 0) return { ref, temp: null };
  const n = ref.shape.reduce((p, q) => p * q, 1);
  const temp = allocateCpu('float32', n, 'uninit');
  const copyRef: TensorRef = { storage: temp, dtype: 'float32', shape: ref.shape, strides: contiguousStrides(ref.shape), offset: 0 };
  copy(ref, copyRef);
  return { ref: copyRef, temp: temp.ptr >= 0 ? temp : null };
}

/**
 * out = a @ b for float32 a [...B, M, K], b [...B, K, N] and out [...B, M, N] (out += a @ b when
 * `accumulate`); then + bias [N] and ReLU when asked (linear's epilogue). False when a dtype is not
 * float32 or the heap is unavailable, or, accumulating, when out is not a heap view with contiguous rows.
 */
export function simdMatmul(a: TensorRef, b: TensorRef, out: TensorRef, bias: TensorRef | null = null, relu = false, accumulate = false): boolean {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || out.dtype !== 'float32') return false;
  if (bias !== null && bias.dtype !== 'float32') return false;
  const k = simd();
  if (k === null) return false;
  const nd = out.shape.length;
  const M = out.shape[nd - 2]!;
  const N = out.shape[nd - 1]!;
  const K = a.shape[nd - 1]!;
  const A = inHeap(a);
  const B = inHeap(b);
  const bi = bias === null ? null : inHeap(bias);
  const directOut = heapPtr(out) >= 0 && (out.strides[nd - 1] === 1 || N === 1);
  if (accumulate && !directOut) return false;
  const O = directOut ? { ref: out, temp: null } : inHeapOut(out);
  const temps = [A.temp, B.temp, bi?.temp ?? null, O.temp];
  try {
    const ws = gemmWorkspace(k);
    if (ws < 0 || heapPtr(A.ref) < 0 || heapPtr(B.ref) < 0 || heapPtr(O.ref) < 0 || (bi && heapPtr(bi.ref) < 0)) return false;
    const ar = A.ref;
    const br = B.ref;
    const or = O.ref;
    const [ars, acs] = [ar.strides[nd - 2]!, ar.strides[nd - 1]!];
    const [brs, bcs] = [br.strides[nd - 2]!, br.strides[nd - 1]!];
    const ldc = or.strides[nd - 2]!;
    const pa = heapPtr(ar) - ar.offset * 4;
    const pb = heapPtr(br) - br.offset * 4;
    const po = heapPtr(or) - or.offset * 4;
    const pbias = bi ? heapPtr(bi.ref) : 0;
    const batch = (r: TensorRef) => ({ strides: r.strides.slice(0, -2), offset: r.offset });
    forEachRow(out.shape.slice(0, -2), [batch(ar), batch(br), batch(or)], (base, n, s) => {
      for (let t = 0, x = base[0]!, y = base[1]!, z = base[2]!; t < n; t++, x += s[0]!, y += s[1]!, z += s[2]!) {
        if (M === 0 || N === 0) continue;
        gemm(k, M, N, K, pa + x * 4, ars, acs, pb + y * 4, brs, bcs, po + z * 4, ldc, ws, accumulate ? 1 : 0);
        if (bi || relu) k.bias_relu(po + z * 4, ldc, N, pbias, relu ? 1 : 0, 0, M);
      }
    });
    if (O.temp) copy(O.ref, out);
    return true;
  } finally {
    for (const t of temps) if (t) disposeCpu(t);
  }
}

function inHeapOut(out: TensorRef): { ref: TensorRef; temp: CpuStorage | null } {
  const n = out.shape.reduce((p, q) => p * q, 1);
  const temp = allocateCpu('float32', n, 'uninit');
  return { ref: { storage: temp, dtype: 'float32', shape: out.shape, strides: contiguousStrides(out.shape), offset: 0 }, temp };
}

/**
 * C (+)= A @ B for heap byte addresses with element strides, split over the available threads by
 * columns (when N >= M) or rows, or on this thread alone. `ws`: this thread's packing workspace.
 */
export function gemm(k: SimdKernels, M: number, N: number, K: number, a: number, ars: number, acs: number, b: number, brs: number, bcs: number, c: number, ldc: number, ws: number, accumulate = 0): void {
  const threads = M * N * K >= parallelMinMacs && M * N > 1 && threadWorkspaces(threadsAvailable()) ? threadsAvailable() : 1;
  if (threads <= 1) {
    k.sgemm(M, N, K, a, ars, acs, b, brs, bcs, c, ldc, accumulate, 0, M, ws);
    return;
  }
  const byCols = N >= M;
  const total = byCols ? N : M;
  const unit = byCols ? 8 : 4;
  const t = Math.min(threads, Math.ceil(total / unit));
  const step = Math.ceil(total / t / unit) * unit;
  const parts: number[][] = [];
  for (let s = 0; s < total; s += step) {
    const e = Math.min(total, s + step);
    const w = threadWorkspace(parts.length);
    parts.push(byCols
      ? [M, e - s, K, a, ars, acs, b + s * bcs * 4, brs, bcs, c + s * 4, ldc, accumulate, 0, M, w]
      : [e - s, N, K, a + s * ars * 4, ars, acs, b, brs, bcs, c + s * ldc * 4, ldc, accumulate, 0, e - s, w]);
  }
  runParallel('sgemm', parts);
}
