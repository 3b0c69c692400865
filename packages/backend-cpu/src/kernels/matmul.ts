// Batched matrix product. Each batch's operands are packed contiguous; the product runs on column
// tiles of B (so a tile stays in cache) and four rows of A at a time (each loaded B value serves four
// multiply-adds). Sums are kept in doubles and rounded once on store, like a float32 GEMM with FMA.
import type { TensorRef } from '@x/tensor';
import { dataOf } from '../storage';
import { forEachRow } from '../strided';
import { storeConverter } from '../cast';

const TILE = 128;

function pack(src: ArrayLike<number>, base: number, rows: number, cols: number, rs: number, cs: number, into: Float64Array): void {
  let p = 0;
  for (let r = 0; r < rows; r++) {
    let i = base + r * rs;
    if (cs === 1) for (let c = 0; c < cols; c++) into[p++] = src[i++]!;
    else for (let c = 0; c < cols; c++, i += cs) into[p++] = src[i]!;
  }
}

/** C[M, N] = A[M, K] @ B[K, N] on packed row-major operands; `acc` holds 4 * TILE doubles. */
function product(A: Float64Array, B: Float64Array, M: number, K: number, N: number, acc: Float64Array, write: (i: number, j: number, v: number) => void): void {
  for (let j0 = 0; j0 < N; j0 += TILE) {
    const w = Math.min(TILE, N - j0);
    for (let i0 = 0; i0 < M; i0 += 4) {
      const rows = Math.min(4, M - i0);
      acc.fill(0);
      const r0 = i0 * K;
      const r1 = rows > 1 ? r0 + K : r0;
      const r2 = rows > 2 ? r0 + 2 * K : r0;
      const r3 = rows > 3 ? r0 + 3 * K : r0;
      for (let k = 0; k < K; k++) {
        const a0 = A[r0 + k]!;
        const a1 = A[r1 + k]!;
        const a2 = A[r2 + k]!;
        const a3 = A[r3 + k]!;
        const b = k * N + j0;
        for (let j = 0; j < w; j++) {
          const bv = B[b + j]!;
          acc[j] += a0 * bv;
          acc[TILE + j] += a1 * bv;
          acc[2 * TILE + j] += a2 * bv;
          acc[3 * TILE + j] += a3 * bv;
        }
      }
      for (let r = 0; r < rows; r++) for (let j = 0; j < w; j++) write(i0 + r, j0 + j, acc[r * TILE + j]!);
    }
  }
}

export function matmul(a: TensorRef, b: TensorRef, out: TensorRef): void {
  const nd = out.shape.length;
  const M = out.shape[nd - 2]!;
  const N = out.shape[nd - 1]!;
  const K = a.shape[nd - 1]!;
  if (M === 0 || N === 0) return;
  const A = dataOf(a.storage);
  const B = dataOf(b.storage);
  const C = dataOf(out.storage);
  const store = storeConverter(out.dtype);
  const pa = new Float64Array(M * K);
  const pb = new Float64Array(K * N);
  const acc = new Float64Array(4 * TILE);
  const ors = out.strides[nd - 2]!;
  const ocs = out.strides[nd - 1]!;
  const batch = (r: TensorRef) => ({ strides: r.strides.slice(0, -2), offset: r.offset });
  forEachRow(out.shape.slice(0, -2), [batch(a), batch(b), batch(out)], (base, n, s) => {
    for (let t = 0, x = base[0]!, y = base[1]!, z = base[2]!; t < n; t++, x += s[0]!, y += s[1]!, z += s[2]!) {
      pack(A, x, M, K, a.strides[nd - 2]!, a.strides[nd - 1]!, pa);
      pack(B, y, K, N, b.strides[nd - 2]!, b.strides[nd - 1]!, pb);
      const o = z;
      product(pa, pb, M, K, N, acc, store ? (i, j, v) => (C[o + i * ors + j * ocs] = store(v)) : (i, j, v) => (C[o + i * ors + j * ocs] = v));
    }
  });
}
