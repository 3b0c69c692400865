// The plain-JS matrix product of convolution (the fallback of the WebAssembly kernel, see
// conv-engine.ts), on Float64Array buffers only: V8 compiles a loop for the array types it has
// seen, and one type keeps it monomorphic (~25% faster than mixing Float32Array and Float64Array
// operands). Sums are doubles (JS arithmetic), rounded once on store.
//
// The inner loop is a 4x4 register tile: 16 sums in locals, 4 + 4 loads per step of the reduction:
// ~5 GFLOP/s on one core (V8, Node 20) for conv-sized products, against ~1 for sums in an array.
import type { GemmBuffer } from './conv-engine';

/**
 * Packs rows of a matrix in panels of 4 for `gemmPacked`: panel p holds rows 4p..4p+3 interleaved
 * along the reduction, out[p * 4K + k * 4 + r] = get(4p + r, k); rows past `rows` are zeros.
 */
export function packPanels(rows: number, K: number, get: (row: number, k: number) => number, out: GemmBuffer): void {
  const panels = Math.ceil(rows / 4);
  for (let p = 0; p < panels; p++) {
    const base = p * 4 * K;
    for (let r = 0; r < 4; r++) {
      const row = p * 4 + r;
      if (row >= rows) {
        for (let k = 0; k < K; k++) out[base + k * 4 + r] = 0;
      } else {
        for (let k = 0; k < K; k++) out[base + k * 4 + r] = get(row, k);
      }
    }
  }
}

/**
 * C[cOff + i * ldc + j] (+)= sum_k A[i, k] * B[bOff + k * ldb + j] for i < M, j < N (a multiple of
 * 4), with A packed by `packPanels` (M rows, K deep).
 */
export function gemmPacked(
  A: Float64Array, M: number, K: number,
  B: Float64Array, bOff: number, ldb: number, N: number,
  C: Float64Array, cOff: number, ldc: number, accumulate: boolean,
): void {
  for (let i0 = 0; i0 < M; i0 += 4) {
    const pa = (i0 >> 2) * 4 * K;
    const rows = Math.min(4, M - i0);
    for (let j0 = 0; j0 < N; j0 += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let k = 0, p = pa, q = bOff + j0; k < K; k++, p += 4, q += ldb) {
        const b0 = B[q]!, b1 = B[q + 1]!, b2 = B[q + 2]!, b3 = B[q + 3]!;
        const a0 = A[p]!, a1 = A[p + 1]!, a2 = A[p + 2]!, a3 = A[p + 3]!;
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
      }
      const o = cOff + i0 * ldc + j0;
      store4(C, o, c00, c01, c02, c03, accumulate);
      if (rows > 1) store4(C, o + ldc, c10, c11, c12, c13, accumulate);
      if (rows > 2) store4(C, o + 2 * ldc, c20, c21, c22, c23, accumulate);
      if (rows > 3) store4(C, o + 3 * ldc, c30, c31, c32, c33, accumulate);
    }
  }
}

function store4(C: Float64Array, o: number, v0: number, v1: number, v2: number, v3: number, accumulate: boolean): void {
  if (accumulate) {
    v0 += C[o]!;
    v1 += C[o + 1]!;
    v2 += C[o + 2]!;
    v3 += C[o + 3]!;
  }
  C[o] = v0;
  C[o + 1] = v1;
  C[o + 2] = v2;
  C[o + 3] = v3;
}
