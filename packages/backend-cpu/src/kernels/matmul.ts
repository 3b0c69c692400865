// Batched matrix product. Each batch's operands are packed contiguous, then an i-k-j loop streams
// rows of B into a double accumulator (one rounding per output, like a float32 GEMM with FMA).
import type { TensorRef } from '@x/tensor';
import { dataOf } from '../storage';
import { forEachRow } from '../strided';
import { storeConverter } from '../cast';

function pack(src: ArrayLike<number>, base: number, rows: number, cols: number, rs: number, cs: number, into: Float64Array): void {
  let p = 0;
  for (let r = 0; r < rows; r++) {
    let i = base + r * rs;
    for (let c = 0; c < cols; c++, i += cs) into[p++] = src[i]!;
  }
}

export function matmul(a: TensorRef, b: TensorRef, out: TensorRef): void {
  const nd = out.shape.length;
  const M = out.shape[nd - 2]!;
  const N = out.shape[nd - 1]!;
  const K = a.shape[nd - 1]!;
  const A = dataOf(a.storage);
  const B = dataOf(b.storage);
  const C = dataOf(out.storage);
  const store = storeConverter(out.dtype);
  const pa = new Float64Array(M * K);
  const pb = new Float64Array(K * N);
  const acc = new Float64Array(N);
  const batchShape = out.shape.slice(0, -2);
  const batch = (r: TensorRef) => ({ strides: r.strides.slice(0, -2), offset: r.offset });
  const visit = (ab: number, bb: number, ob: number) => {
    pack(A, ab, M, K, a.strides[nd - 2]!, a.strides[nd - 1]!, pa);
    pack(B, bb, K, N, b.strides[nd - 2]!, b.strides[nd - 1]!, pb);
    const ors = out.strides[nd - 2]!;
    const ocs = out.strides[nd - 1]!;
    for (let i = 0; i < M; i++) {
      acc.fill(0);
      const arow = i * K;
      for (let k = 0; k < K; k++) {
        const av = pa[arow + k]!;
        const brow = k * N;
        for (let j = 0; j < N; j++) acc[j]! += av * pb[brow + j]!;
      }
      let o = ob + i * ors;
      for (let j = 0; j < N; j++, o += ocs) C[o] = store ? store(acc[j]!) : acc[j]!;
    }
  };
  if (M === 0 || N === 0) return;
  forEachRow(batchShape, [batch(a), batch(b), batch(out)], (base, n, s) => {
    for (let k = 0, x = base[0]!, y = base[1]!, z = base[2]!; k < n; k++, x += s[0]!, y += s[1]!, z += s[2]!) visit(x, y, z);
  });
}
