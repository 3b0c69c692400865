// float32 matrix product C = A @ B (+ C) on 4-lane SIMD: operands are packed into panels (A: 4 rows
// interleaved along k; B: 8 columns per row of k) in blocks that stay in cache, and a 4 x 8
// register tile of sums runs over each panel pair. Sums are float32, as PyTorch's CPU matmul.
#include "common.h"

#define MR 4
#define NR 8
#define KC 256
#define MC 96
#define NC 2048

// Rows k..k+3 of four columns held as vectors (c_j: 4 values of column j along k) into four vectors
// along the columns (r_k: row k of columns 0..3): a 4 x 4 transpose through registers.
#define TRANSPOSE4(c0, c1, c2, c3, r0, r1, r2, r3)                                               \
  do {                                                                                          \
    v4 t0_ = wasm_i32x4_shuffle(c0, c1, 0, 4, 1, 5), t1_ = wasm_i32x4_shuffle(c0, c1, 2, 6, 3, 7); \
    v4 t2_ = wasm_i32x4_shuffle(c2, c3, 0, 4, 1, 5), t3_ = wasm_i32x4_shuffle(c2, c3, 2, 6, 3, 7); \
    r0 = wasm_i64x2_shuffle(t0_, t2_, 0, 2); r1 = wasm_i64x2_shuffle(t0_, t2_, 1, 3);          \
    r2 = wasm_i64x2_shuffle(t1_, t3_, 0, 2); r3 = wasm_i64x2_shuffle(t1_, t3_, 1, 3);          \
  } while (0)

// A block (mc rows from a, kc deep) into panels of MR rows: dst[(panel * kc + k) * MR + r]; missing rows are zeros.
static void pack_a(const f32 *a, int rs, int cs, int mc, int kc, f32 *dst) {
  for (int i = 0; i < mc; i += MR) {
    int rows = mc - i < MR ? mc - i : MR;
    if (rows == MR && cs == 1) {
      // rows along k (a row-major A): 4 x 4 blocks through registers, then the tail one by one
      const f32 *r0 = a + i * rs, *r1 = r0 + rs, *r2 = r1 + rs, *r3 = r2 + rs;
      int k = 0;
      for (; k + 4 <= kc; k += 4) {
        v4 k0, k1, k2, k3;
        TRANSPOSE4(LOAD(r0 + k), LOAD(r1 + k), LOAD(r2 + k), LOAD(r3 + k), k0, k1, k2, k3);
        STORE(dst, k0); STORE(dst + 4, k1); STORE(dst + 8, k2); STORE(dst + 12, k3);
        dst += 4 * MR;
      }
      for (; k < kc; k++) {
        dst[0] = r0[k]; dst[1] = r1[k]; dst[2] = r2[k]; dst[3] = r3[k];
        dst += MR;
      }
    } else if (rows == MR && rs == 1) {
      const f32 *p = a + i;
      for (int k = 0; k < kc; k++, p += cs) {
        STORE(dst, wasm_v128_load(p));
        dst += MR;
      }
    } else {
      for (int k = 0; k < kc; k++) {
        for (int r = 0; r < MR; r++) dst[r] = r < rows ? a[(i + r) * rs + k * cs] : 0.0f;
        dst += MR;
      }
    }
  }
}

// B block (kc rows, nc columns) into panels of NR columns: dst[(panel * kc + k) * NR + c]; missing columns are zeros.
static void pack_b(const f32 *b, int rs, int cs, int kc, int nc, f32 *dst) {
  for (int j = 0; j < nc; j += NR) {
    int cols = nc - j < NR ? nc - j : NR;
    const f32 *p = b + j * cs;
    if (cols == NR && cs == 1) {
      for (int k = 0; k < kc; k++, p += rs) {
        STORE(dst, LOAD(p));
        STORE(dst + 4, LOAD(p + 4));
        dst += NR;
      }
    } else if (cols == NR && rs == 1) {
      // columns along k (a transposed B, e.g. linear's weight [n, k]): 4 x 4 blocks through registers
      const f32 *q0 = p, *q1 = q0 + cs, *q2 = q1 + cs, *q3 = q2 + cs, *q4 = q3 + cs, *q5 = q4 + cs, *q6 = q5 + cs, *q7 = q6 + cs;
      int k = 0;
      for (; k + 4 <= kc; k += 4) {
        v4 l0, l1, l2, l3, h0, h1, h2, h3;
        TRANSPOSE4(LOAD(q0 + k), LOAD(q1 + k), LOAD(q2 + k), LOAD(q3 + k), l0, l1, l2, l3);
        TRANSPOSE4(LOAD(q4 + k), LOAD(q5 + k), LOAD(q6 + k), LOAD(q7 + k), h0, h1, h2, h3);
        STORE(dst, l0); STORE(dst + 4, h0); STORE(dst + 8, l1); STORE(dst + 12, h1);
        STORE(dst + 16, l2); STORE(dst + 20, h2); STORE(dst + 24, l3); STORE(dst + 28, h3);
        dst += 4 * NR;
      }
      for (; k < kc; k++) {
        for (int c = 0; c < NR; c++) dst[c] = p[k + c * cs];
        dst += NR;
      }
    } else {
      for (int k = 0; k < kc; k++, p += rs) {
        for (int c = 0; c < NR; c++) dst[c] = c < cols ? p[c * cs] : 0.0f;
        dst += NR;
      }
    }
  }
}

// One MR x NR tile: c (+)= a_panel @ b_panel over kc; m x n of it is stored (the rest goes to `edge`).
static void tile(int kc, const f32 *a, const f32 *b, f32 *c, int ldc, int accumulate, int m, int n, f32 *edge) {
  v4 c00 = wasm_f32x4_splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (int k = 0; k < kc; k++) {
    v4 b0 = LOAD(b), b1 = LOAD(b + 4);
    v4 a0 = wasm_v128_load32_splat(a);
    c00 = ADD(c00, MUL(a0, b0)); c01 = ADD(c01, MUL(a0, b1));
    v4 a1 = wasm_v128_load32_splat(a + 1);
    c10 = ADD(c10, MUL(a1, b0)); c11 = ADD(c11, MUL(a1, b1));
    v4 a2 = wasm_v128_load32_splat(a + 2);
    c20 = ADD(c20, MUL(a2, b0)); c21 = ADD(c21, MUL(a2, b1));
    v4 a3 = wasm_v128_load32_splat(a + 3);
    c30 = ADD(c30, MUL(a3, b0)); c31 = ADD(c31, MUL(a3, b1));
    a += MR;
    b += NR;
  }
  int full = m == MR && n == NR;
  f32 *d = full ? c : edge;
  int ld = full ? ldc : NR;
  if (accumulate && full) {
    c00 = ADD(c00, LOAD(d)); c01 = ADD(c01, LOAD(d + 4));
    c10 = ADD(c10, LOAD(d + ld)); c11 = ADD(c11, LOAD(d + ld + 4));
    c20 = ADD(c20, LOAD(d + 2 * ld)); c21 = ADD(c21, LOAD(d + 2 * ld + 4));
    c30 = ADD(c30, LOAD(d + 3 * ld)); c31 = ADD(c31, LOAD(d + 3 * ld + 4));
  }
  STORE(d, c00); STORE(d + 4, c01);
  STORE(d + ld, c10); STORE(d + ld + 4, c11);
  STORE(d + 2 * ld, c20); STORE(d + 2 * ld + 4, c21);
  STORE(d + 3 * ld, c30); STORE(d + 3 * ld + 4, c31);
  if (!full)
    for (int r = 0; r < m; r++)
      for (int j = 0; j < n; j++) c[r * ldc + j] = accumulate ? c[r * ldc + j] + edge[r * NR + j] : edge[r * NR + j];
}

// Bytes of workspace sgemm needs: packed A and B blocks and one edge tile.
EXPORT(sgemm_workspace) int sgemm_workspace(void) { return (MC * KC + KC * NC + MR * NR) * 4 + 64; }

// C[m, n] (row stride ldc, columns contiguous) = A[m, k] @ B[k, n] (+ C when accumulate), A and B
// with any element strides; rows [row0, row1) of C only (a thread's share). ws: sgemm_workspace() bytes.
EXPORT(sgemm) void sgemm(int M, int N, int K, const f32 *a, int ars, int acs, const f32 *b, int brs, int bcs, f32 *c, int ldc,
                         int accumulate, int row0, int row1, f32 *ws) {
  f32 *pa = ws, *pb = ws + MC * KC, *edge = pb + KC * NC;
  (void)M;
  if (K == 0) {
    if (!accumulate)
      for (int i = row0; i < row1; i++)
        for (int j = 0; j < N; j++) c[i * ldc + j] = 0.0f;
    return;
  }
  for (int jc = 0; jc < N; jc += NC) {
    int nc = N - jc < NC ? N - jc : NC;
    for (int pc = 0; pc < K; pc += KC) {
      int kc = K - pc < KC ? K - pc : KC;
      int acc = accumulate || pc > 0;
      pack_b(b + pc * brs + jc * bcs, brs, bcs, kc, nc, pb);
      for (int ic = row0; ic < row1; ic += MC) {
        int mc = row1 - ic < MC ? row1 - ic : MC;
        pack_a(a + ic * ars + pc * acs, ars, acs, mc, kc, pa);
        for (int jr = 0; jr < nc; jr += NR) {
          int n = nc - jr < NR ? nc - jr : NR;
          for (int ir = 0; ir < mc; ir += MR) {
            int m = mc - ir < MR ? mc - ir : MR;
            tile(kc, pa + ir * kc, pb + jr * kc, c + (ic + ir) * ldc + jc + jr, ldc, acc, m, n, edge);
          }
        }
      }
    }
  }
}

// out[i, j] += bias[j] (bias may be null), then ReLU when relu: linear's epilogue, rows [row0, row1).
EXPORT(bias_relu) void bias_relu(f32 *c, int ldc, int N, const f32 *bias, int relu, int row0, int row1) {
  v4 z = wasm_f32x4_splat(0);
  for (int i = row0; i < row1; i++) {
    f32 *r = c + i * ldc;
    int j = 0;
    for (; j + 4 <= N; j += 4) {
      v4 v = LOAD(r + j);
      if (bias) v = ADD(v, LOAD(bias + j));
      if (relu) v = wasm_v128_and(v, wasm_v128_or(wasm_f32x4_gt(v, z), wasm_f32x4_ne(v, v)));
      STORE(r + j, v);
    }
    for (; j < N; j++) {
      f32 v = r[j];
      if (bias) v += bias[j];
      if (relu) v = v > 0 || v != v ? v : 0.0f;
      r[j] = v;
    }
  }
}

// C (+)= A @ B with both operands packed over the whole depth K: A in pack_a's panels of MR rows
// (pa + ((i / MR) * K + k) * MR + i % MR), B in pack_b's panels of NR columns (pb + ((j / NR) * K + k) *
// NR + j % NR), N a multiple of NR; rows [row0, row1) of C (row0 a multiple of MR). For operands packed
// once and used many times (convolution's transformed filters).
EXPORT(sgemm_packed) void sgemm_packed(int N, int K, const f32 *pa, const f32 *pb, f32 *c, int ldc, int accumulate, int row0, int row1, f32 *edge) {
  for (int pc = 0; pc < K; pc += KC) {
    int kc = K - pc < KC ? K - pc : KC;
    int acc = accumulate || pc > 0;
    for (int jr = 0; jr < N; jr += NR)
      for (int ir = row0; ir < row1; ir += MR) {
        int m = row1 - ir < MR ? row1 - ir : MR;
        tile(kc, pa + ir * K + pc * MR, pb + jr * K + pc * NR, c + ir * ldc + jr, ldc, acc, m, NR, edge);
      }
  }
}
