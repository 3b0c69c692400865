// Batched matrix product on the GEMM engine of convolution (conv-engine.ts): WebAssembly SIMD with
// float64 lanes, or the plain-JS register-tiled kernel. Either way every dtype sums in doubles, in
// order along the reduction, and rounds once on store (like a float32 GEMM with FMA): the two
// engines give bit-identical results. Each batch's operands are packed into the engine's buffers
// (A in panels of 4 rows, B and C padded to the engine's column tile).
import type { TensorRef } from '@x/tensor';
import { dataOf } from '../storage';
import { forEachRow } from '../strided';
import { storeConverter } from '../cast';
import { engineFor, type GemmBuffer } from './conv-engine';
import { roundUp } from './conv-im2col';
import { simdMatmul } from './simd-matmul';

const WASM_LIMIT_BYTES = 512 * 2 ** 20;

/** A[M, K] (strided) in panels of 4 rows interleaved along K (packPanels' layout), padding rows zeroed. */
function packA(src: ArrayLike<number>, base: number, M: number, K: number, rs: number, cs: number, into: GemmBuffer): void {
  for (let p = 0; p < M; p += 4) {
    const panel = p * K;
    for (let r = 0; r < 4; r++) {
      let o = panel + r;
      if (p + r >= M) {
        for (let k = 0; k < K; k++, o += 4) into[o] = 0;
        continue;
      }
      let i = base + (p + r) * rs;
      for (let k = 0; k < K; k++, o += 4, i += cs) into[o] = src[i]!;
    }
  }
}

/** B[K, N] (strided) into a row-major buffer of `ld` columns, the padding columns zeroed. */
function packRows(src: ArrayLike<number>, base: number, K: number, N: number, rs: number, cs: number, ld: number, into: GemmBuffer): void {
  for (let k = 0; k < K; k++) {
    let i = base + k * rs;
    let p = k * ld;
    if (cs === 1) for (let j = 0; j < N; j++) into[p++] = src[i++]!;
    else for (let j = 0; j < N; j++, i += cs) into[p++] = src[i]!;
    for (let j = N; j < ld; j++) into[p++] = 0;
  }
}

export function matmul(a: TensorRef, b: TensorRef, out: TensorRef): void {
  const nd = out.shape.length;
  const M = out.shape[nd - 2]!;
  const N = out.shape[nd - 1]!;
  const K = a.shape[nd - 1]!;
  if (M === 0 || N === 0) return;
  if (simdMatmul(a, b, out)) return;
  const A = dataOf(a.storage);
  const B = dataOf(b.storage);
  const C = dataOf(out.storage);
  const store = storeConverter(out.dtype);
  // WebAssembly memory is at most 4 GiB and never shrinks: very large products use plain-JS buffers
  const bytes = 8 * (roundUp(M, 4) * K + (K + roundUp(M, 4)) * roundUp(N, 8));
  const engine = bytes > WASM_LIMIT_BYTES ? engineFor('float64', false) : engineFor('float64');
  const ld = roundUp(N, engine.tile);
  const [pa, pb, pc] = engine.alloc([roundUp(M, 4) * K, K * ld, roundUp(M, 4) * ld]) as [GemmBuffer, GemmBuffer, GemmBuffer];
  const [ars, acs] = [a.strides[nd - 2]!, a.strides[nd - 1]!];
  const [brs, bcs] = [b.strides[nd - 2]!, b.strides[nd - 1]!];
  const ors = out.strides[nd - 2]!;
  const ocs = out.strides[nd - 1]!;
  const batch = (r: TensorRef) => ({ strides: r.strides.slice(0, -2), offset: r.offset });
  forEachRow(out.shape.slice(0, -2), [batch(a), batch(b), batch(out)], (base, n, s) => {
    for (let t = 0, x = base[0]!, y = base[1]!, z = base[2]!; t < n; t++, x += s[0]!, y += s[1]!, z += s[2]!) {
      packA(A, x, M, K, ars, acs, pa);
      packRows(B, y, K, N, brs, bcs, ld, pb);
      if (K === 0) pc.fill(0);
      else engine.gemm(pa, M, K, pb, 0, ld, ld, pc, 0, ld, false);
      for (let i = 0; i < M; i++) {
        let o = z + i * ors;
        let p = i * ld;
        if (store) for (let j = 0; j < N; j++, o += ocs) C[o] = store(pc[p++]!);
        else for (let j = 0; j < N; j++, o += ocs) C[o] = pc[p++]!;
      }
    }
  });
}
