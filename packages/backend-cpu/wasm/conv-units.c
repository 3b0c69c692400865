// float32 im2col convolution and its two gradients over a range of work units: one thread's share of
// a convolution split over the worker pool (src/kernels/conv-simd.ts). A unit of the forward and the
// weight gradient is one chunk of `rows` output rows of one sample's channel group, u = (n * G + grp)
// * chunks + chunk; a unit of the input gradient is a whole sample's channel group, u = n * G + grp
// (its chunks add onto overlapping input rows). Each unit runs the loop of the single-thread path:
// the patch matrix into the thread's scratch `cols`, then the GEMM (gemm.c) with the thread's packing
// workspace `ws`, so every output element gets the same bits on any number of threads. The weight
// gradient accumulates into the thread's own partial sums, added up after. Strides are in elements;
// the weight [G * Mg, Cg, kh, kw] and the forward's output [N, G * Mg, OH, OW] are contiguous, and
// the output gradient's positions are contiguous per channel (sample stride dy0, channel stride dy1).
#include "common.h"

void sgemm(int M, int N, int K, const f32 *a, int ars, int acs, const f32 *b, int brs, int bcs, f32 *c, int ldc, int accumulate, int row0,
           int row1, f32 *ws);
void im2col_f32(const f32 *x, int channels, int sc, int srow, int scol, int H, int W, int kh, int kw, int OW, int oh0, int oh1, int sh, int sw,
                int ph, int pw, int dh, int dw, f32 *cols, int width);
void col2im_f32(const f32 *cols, int width, f32 *image, int channels, int sc, int srow, int scol, int H, int W, int kh, int kw, int OW, int oh0,
                int oh1, int sh, int sw, int ph, int pw, int dh, int dw);
void reduce_rows_f32(int op, int rows, int cols, const f32 *x, int xrs, f32 *out, int ors);

// out[n, g * Mg + m, positions of units u0 .. u1) = W[g] @ cols(x[n, g]) (+ bias[(g * Mg + m) * bs] when bias).
EXPORT(conv_im2col_f32) void conv_im2col_f32(const f32 *x, int x0, int x1, int x2, int x3, int H, int W, int Cg, int G, int Mg, const f32 *w, int kh,
                                             int kw, int OH, int OW, int sh, int sw, int ph, int pw, int dh, int dw, const f32 *bias, int bs, f32 *out,
                                             int rows, int u0, int u1, f32 *cols, f32 *ws) {
  int K = Cg * kh * kw, L = OH * OW, chunks = (OH + rows - 1) / rows;
  for (int u = u0; u < u1; u++) {
    int chunk = u % chunks, grp = u / chunks % G, n = u / chunks / G;
    int oh0 = chunk * rows, oh1 = oh0 + rows < OH ? oh0 + rows : OH, count = (oh1 - oh0) * OW;
    im2col_f32(x + n * x0 + grp * Cg * x1, Cg, x1, x2, x3, H, W, kh, kw, OW, oh0, oh1, sh, sw, ph, pw, dh, dw, cols, count);
    f32 *c = out + (n * G + grp) * Mg * L + oh0 * OW;
    sgemm(Mg, count, K, w + grp * Mg * K, K, 1, cols, count, 1, c, L, 0, 0, Mg, ws);
    if (bias)
      for (int m = 0; m < Mg; m++) {
        f32 b = bias[(grp * Mg + m) * bs], *r = c + m * L;
        v4 vb = SPLAT(b);
        int j = 0;
        for (; j + 4 <= count; j += 4) STORE(r + j, ADD(LOAD(r + j), vb));
        for (; j < count; j++) r[j] += b;
      }
  }
}

// gradInput[n, g] (fresh zeros, strides g0..g3) += col2im(W[g]^T @ gradOut[n, g]) for the sample groups u0 .. u1.
EXPORT(conv_im2col_dgrad_f32) void conv_im2col_dgrad_f32(const f32 *dy, int dy0, int dy1, const f32 *w, f32 *gi, int g0, int g1, int g2, int g3, int H,
                                                         int W, int Cg, int G, int Mg, int kh, int kw, int OH, int OW, int sh, int sw, int ph, int pw,
                                                         int dh, int dw, int rows, int u0, int u1, f32 *cols, f32 *ws) {
  int K = Cg * kh * kw;
  for (int u = u0; u < u1; u++) {
    int grp = u % G, n = u / G;
    for (int oh0 = 0; oh0 < OH; oh0 += rows) {
      int oh1 = oh0 + rows < OH ? oh0 + rows : OH, count = (oh1 - oh0) * OW;
      sgemm(K, count, Mg, w + grp * Mg * K, 1, K, dy + n * dy0 + grp * Mg * dy1 + oh0 * OW, dy1, 1, cols, count, 0, 0, K, ws);
      col2im_f32(cols, count, gi + n * g0 + grp * Cg * g1, Cg, g1, g2, g3, H, W, kh, kw, OW, oh0, oh1, sh, sw, ph, pw, dh, dw);
    }
  }
}

// The weight gradient's sums over units u0 .. u1 into this thread's partial `part`: [G][K][Mg] (the
// transposed weight gradient of each group: the product's rows are the few patch rows, its columns
// the channels, full panels of the GEMM), then [G * Mg] channel sums of gradOut when bias; zeroed
// first. conv_im2col_wgrad_finish_f32 adds the threads' partials into the weight gradient.
EXPORT(conv_im2col_wgrad_f32) void conv_im2col_wgrad_f32(const f32 *x, int x0, int x1, int x2, int x3, int H, int W, const f32 *dy, int dy0, int dy1,
                                                         int Cg, int G, int Mg, int kh, int kw, int OH, int OW, int sh, int sw, int ph, int pw, int dh,
                                                         int dw, int rows, int u0, int u1, f32 *cols, f32 *ws, f32 *part, int bias) {
  int K = Cg * kh * kw, chunks = (OH + rows - 1) / rows;
  f32 *sums = part + G * K * Mg;
  for (int i = 0; i < G * Mg * (K + (bias ? 1 : 0)); i++) part[i] = 0.0f;
  for (int u = u0; u < u1; u++) {
    int chunk = u % chunks, grp = u / chunks % G, n = u / chunks / G;
    int oh0 = chunk * rows, oh1 = oh0 + rows < OH ? oh0 + rows : OH, count = (oh1 - oh0) * OW;
    const f32 *g = dy + n * dy0 + grp * Mg * dy1 + oh0 * OW;
    im2col_f32(x + n * x0 + grp * Cg * x1, Cg, x1, x2, x3, H, W, kh, kw, OW, oh0, oh1, sh, sw, ph, pw, dh, dw, cols, count);
    // part[grp] [K, Mg] += cols [K, count] @ gradOut[n, grp]^T [count, Mg]
    sgemm(K, Mg, count, cols, count, 1, g, 1, dy1, part + grp * K * Mg, Mg, 1, 0, K, ws);
    if (bias) {
      // the channels' sums of this unit through the patch matrix's scratch, done with it
      reduce_rows_f32(0, Mg, count, g, dy1, cols, 1);
      for (int m = 0; m < Mg; m++) sums[grp * Mg + m] += cols[m];
    }
  }
}

// dw [G * Mg, K] (contiguous) = the sum of the `threads` partials (`stride` bytes apart, in thread
// order; the first one is overwritten with the total), and db [G * Mg] the sum of their channel sums when db.
EXPORT(conv_im2col_wgrad_finish_f32) void conv_im2col_wgrad_finish_f32(f32 *part, int threads, int stride, int G, int Mg, int K, f32 *dwt, f32 *db) {
  int n = G * Mg * (K + (db ? 1 : 0));
  for (int t = 1; t < threads; t++) {
    const f32 *o = (const f32 *)((const char *)part + t * stride);
    int i = 0;
    for (; i + 4 <= n; i += 4) STORE(part + i, ADD(LOAD(part + i), LOAD(o + i)));
    for (; i < n; i++) part[i] += o[i];
  }
  for (int grp = 0; grp < G; grp++)
    for (int k = 0; k < K; k++)
      for (int m = 0; m < Mg; m++) dwt[(grp * Mg + m) * K + k] = part[(grp * K + k) * Mg + m];
  if (db)
    for (int c = 0; c < G * Mg; c++) db[c] = part[G * K * Mg + c];
}
