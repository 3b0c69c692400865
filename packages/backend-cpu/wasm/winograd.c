// 3 x 3 convolution at stride 1 by Winograd's minimal filtering F(2 x 2, 3 x 3) (Lavin and Gray,
// "Fast Algorithms for Convolutional Neural Networks", 2015), for float32: each 2 x 2 block of outputs
// is A^T [(G w G^T) . (B^T d B)] A over the 4 x 4 input patch d, so the 16 products per input
// channel and block take the place of 36 multiply-adds. Summed over input channels, the 16
// element-wise products are 16 matrix products (out channels x in channels) @ (in channels x blocks)
// on the GEMM's micro-kernel (sgemm_packed): 2.25 times fewer multiply-adds than im2col + GEMM.
// Rounding: sums are float32 as in the direct products, with a few more roundings from the
// transforms (measured against float64: about twice the direct product's error). The weight gradient
// stays on im2col + GEMM: by Winograd (dU = the sum over tiles of (A dY A^T) . (B^T d B), dW =
// G^T dU G) its error was 5.5e-4 of max |dW| for the bench's CNN step (non-negative activations, a
// 0/1 gradient: dU's large, nearly equal entries cancel in G^T dU G), against 3.7e-7 for im2col.
//
// Blocks ("tiles") are numbered along rows of blocks of every sample: tile row g = n * th + ty holds
// tw tiles. The work goes in chunks of tile rows so that the transformed operands stay in cache.
#include "common.h"

void sgemm_packed(int N, int K, const f32 *pa, const f32 *pb, f32 *c, int ldc, int accumulate, int row0, int row1, f32 *edge);

#define TILES 128 // tiles per chunk (about; whole tile rows)

static inline int round_up(int n, int m) { return (n + m - 1) / m * m; }
// Lane l of v (l < 4), by a byte shuffle: a switch or an index would go through the stack, which the
// kernels must not use (every thread's stack pointer starts at the same address).
static inline f32 lane(v4 v, int l) { return wasm_f32x4_extract_lane(wasm_i8x16_swizzle(v, wasm_i32x4_splat(0x03020100 + l * 0x04040404)), 0); }
static inline int chunk_rows(int tw) { return TILES / tw > 0 ? TILES / tw : 1; }
static inline int temp_len(int tw) { return round_up(2 * tw + 2, 4) + 8; }
// Floats between the 16 matrices of V (and of P): padded by 32 floats past a multiple of 1024, so that
// the 16 values of one tile, read or written together, do not fall into the same cache set.
static inline int plane_stride(int n) { return round_up(n, 1024) + 32; }

// Bytes of workspace one thread needs for K input and M output channels and OW output columns:
// an edge tile, 4 transformed input rows, the transformed inputs V and the products P of a chunk.
EXPORT(winograd_workspace) int winograd_workspace(int K, int M, int OW) {
  int tw = (OW + 1) / 2, tp = round_up(chunk_rows(tw) * tw, 8);
  return (32 + 4 * temp_len(tw) + 16 * plane_stride(K * tp) + 16 * plane_stride(round_up(M, 4) * tp) + 8) * 4 + 64;
}

// U[xi] = G w[m, k] G^T for the 16 positions xi, packed as the GEMM's A operand (pack_a's panels of
// 4 rows over depth K, rows past M zero): U + xi * Mp * K + ((m / 4) * K + k) * 4 + m % 4. The weight
// w[m, k, i, j] is at w + m * sm + k * sk + i * si + j * sj (strides in elements, possibly negative:
// a flipped kernel).
EXPORT(winograd_weights_f32) void winograd_weights_f32(const f32 *w, int M, int K, int sm, int sk, int si, int sj, f32 *U) {
  int Mp = round_up(M, 4);
  for (int m = 0; m < Mp; m++)
    for (int k = 0; k < K; k++) {
      f32 u[16];
      if (m >= M) {
        for (int x = 0; x < 16; x++) u[x] = 0.0f;
      } else {
        const f32 *p = w + m * sm + k * sk;
        f32 g[3][3], t[4][3];
        for (int i = 0; i < 3; i++)
          for (int j = 0; j < 3; j++) g[i][j] = p[i * si + j * sj];
        // G g: rows g0, (g0 + g1 + g2) / 2, (g0 - g1 + g2) / 2, g2
        for (int j = 0; j < 3; j++) {
          t[0][j] = g[0][j];
          t[1][j] = (g[0][j] + g[1][j] + g[2][j]) * 0.5f;
          t[2][j] = (g[0][j] - g[1][j] + g[2][j]) * 0.5f;
          t[3][j] = g[2][j];
        }
        for (int i = 0; i < 4; i++) {
          u[4 * i] = t[i][0];
          u[4 * i + 1] = (t[i][0] + t[i][1] + t[i][2]) * 0.5f;
          u[4 * i + 2] = (t[i][0] - t[i][1] + t[i][2]) * 0.5f;
          u[4 * i + 3] = t[i][2];
        }
      }
      for (int x = 0; x < 16; x++) U[x * Mp * K + ((m >> 2) * K + k) * 4 + (m & 3)] = u[x];
    }
}

// Input row ih of channel plane p (H rows, W columns, strides sh, sw) over the columns u - pw for u
// in [0, len), zeros outside the plane.
// Not inlined: four calls per row of tiles and channel, and the module stays small (it ships in bundles).
__attribute__((noinline)) static void padded_row(const f32 *p, int ih, int H, int W, int sh, int sw, int pw, int len, f32 *dst) {
  if (ih < 0 || ih >= H) {
    for (int u = 0; u < len; u++) dst[u] = 0.0f;
    return;
  }
  const f32 *r = p + ih * sh;
  int lo = pw < 0 ? 0 : pw, hi = W + pw < len ? W + pw : len; // u in [lo, hi) lies inside
  if (lo > len) lo = len;
  if (hi < lo) hi = lo;
  int u = 0;
  for (; u < lo; u++) dst[u] = 0.0f;
  if (sw == 1) {
    const f32 *s = r + (lo - pw);
    for (; u + 4 <= hi; u += 4, s += 4) STORE(dst + u, LOAD(s));
    for (; u < hi; u++, s++) dst[u] = *s;
  } else {
    for (; u < hi; u++) dst[u] = r[(u - pw) * sw];
  }
  for (; u < len; u++) dst[u] = 0.0f;
}

// The values of tiles t .. t + lanes - 1 (v's lanes) for channel k into one matrix of V (panels of 8
// tiles over depth K). Tiles that share a panel take one store: lanes past the row's last tile then
// land on the next row's tiles, written after, or on the padding columns, whose products are unused.
static inline void put_tiles(v4 v, f32 *V, int t, int k, int K, int lanes) {
  if ((t & 7) <= 4) {
    STORE(V + ((t >> 3) * K + k) * 8 + (t & 7), v);
    return;
  }
  for (int l = 0; l < lanes; l++) {
    int tl = t + l;
    V[((tl >> 3) * K + k) * 8 + (tl & 7)] = lane(v, l);
  }
}

// Transformed inputs of tile rows [g0, g1) into V (the GEMM's B operand: panels of 8 tiles over
// depth K): V + xi * vs + ((t / 8) * K + k) * 8 + t % 8 for local tile t = (g - g0) * tw + tx.
static void transform_input(const f32 *x, int K, int sx0, int sx1, int sx2, int sx3, int H, int W, int th, int tw, int ph, int pw, int g0, int g1,
                            int vs, f32 *temp, f32 *V) {
  int len = temp_len(tw);
  f32 *r0 = temp, *r1 = r0 + len, *r2 = r1 + len, *r3 = r2 + len;
  for (int g = g0; g < g1; g++) {
    int n = g / th, ty = g - n * th, ih = 2 * ty - ph;
    int tbase = (g - g0) * tw;
    for (int k = 0; k < K; k++) {
      const f32 *p = x + n * sx0 + k * sx1;
      padded_row(p, ih, H, W, sx2, sx3, pw, len, r0);
      padded_row(p, ih + 1, H, W, sx2, sx3, pw, len, r1);
      padded_row(p, ih + 2, H, W, sx2, sx3, pw, len, r2);
      padded_row(p, ih + 3, H, W, sx2, sx3, pw, len, r3);
      // B^T d along rows, for every column at once
      for (int u = 0; u < len; u += 4) {
        v4 a = LOAD(r0 + u), b = LOAD(r1 + u), c = LOAD(r2 + u), d = LOAD(r3 + u);
        STORE(r0 + u, SUB(a, c));
        STORE(r1 + u, ADD(b, c));
        STORE(r2 + u, SUB(c, b));
        STORE(r3 + u, SUB(b, d));
      }
      // (.) B along columns, 4 tiles at a time: tile tx + l reads columns 2 (tx + l) .. 2 (tx + l) + 3
      for (int tx = 0; tx < tw; tx += 4) {
        int lanes = tw - tx < 4 ? tw - tx : 4;
        int t = tbase + tx;
        for (int i = 0; i < 4; i++) {
          const f32 *r = temp + i * len + 2 * tx;
          v4 a = LOAD(r), b = LOAD(r + 4), c = LOAD(r + 2), d = LOAD(r + 6);
          v4 e0 = wasm_i32x4_shuffle(a, b, 0, 2, 4, 6), o0 = wasm_i32x4_shuffle(a, b, 1, 3, 5, 7);
          v4 e1 = wasm_i32x4_shuffle(c, d, 0, 2, 4, 6), o1 = wasm_i32x4_shuffle(c, d, 1, 3, 5, 7);
          f32 *dst = V + 4 * i * vs;
          put_tiles(SUB(e0, e1), dst, t, k, K, lanes);
          put_tiles(ADD(o0, e1), dst + vs, t, k, K, lanes);
          put_tiles(SUB(e1, o0), dst + 2 * vs, t, k, K, lanes);
          put_tiles(SUB(o0, o1), dst + 3 * vs, t, k, K, lanes);
        }
      }
    }
  }
}

// Outputs of tile rows [g0, g1) from the products P (P + xi * ps + m * tp + t): A^T P A + bias.
static void transform_output(const f32 *P, int M, int ps, int tp, int th, int tw, int OH, int OW, int g0, int g1, const f32 *bias, int bs, f32 *out) {
  for (int m = 0; m < M; m++) {
    v4 b = SPLAT(bias ? bias[m * bs] : 0.0f);
    const f32 *pm = P + m * tp;
    for (int g = g0; g < g1; g++) {
      int n = g / th, ty = g - n * th, oh = 2 * ty;
      f32 *o = out + ((n * M + m) * OH + oh) * OW;
      int tbase = (g - g0) * tw;
      for (int tx = 0; tx < tw; tx += 4) {
        const f32 *q = pm + tbase + tx;
        // rows of A^T P: s = P0 + P1 + P2 and d = P1 - P2 - P3 (P_i the 4 values of row i); then columns
#define ROWS(j, s, d)                                                                                      \
  v4 s, d;                                                                                                 \
  {                                                                                                        \
    v4 a = LOAD(q + (j) * ps), bb = LOAD(q + (4 + (j)) * ps), c = LOAD(q + (8 + (j)) * ps), e = LOAD(q + (12 + (j)) * ps); \
    s = ADD(ADD(a, bb), c);                                                                                \
    d = SUB(SUB(bb, c), e);                                                                                \
  }
        ROWS(0, s0, d0)
        ROWS(1, s1, d1)
        ROWS(2, s2, d2)
        ROWS(3, s3, d3)
#undef ROWS
        v4 y00 = ADD(ADD(ADD(s0, s1), s2), b), y01 = ADD(SUB(SUB(s1, s2), s3), b);
        v4 y10 = ADD(ADD(ADD(d0, d1), d2), b), y11 = ADD(SUB(SUB(d1, d2), d3), b);
        int ow = 2 * tx;
        if (tx + 4 <= tw && ow + 8 <= OW && oh + 2 <= OH) {
          STORE(o + ow, wasm_i32x4_shuffle(y00, y01, 0, 4, 1, 5));
          STORE(o + ow + 4, wasm_i32x4_shuffle(y00, y01, 2, 6, 3, 7));
          STORE(o + OW + ow, wasm_i32x4_shuffle(y10, y11, 0, 4, 1, 5));
          STORE(o + OW + ow + 4, wasm_i32x4_shuffle(y10, y11, 2, 6, 3, 7));
          continue;
        }
        for (int l = 0; l < 4 && tx + l < tw; l++) {
          int c = ow + 2 * l;
          o[c] = lane(y00, l);
          if (c + 1 < OW) o[c + 1] = lane(y01, l);
          if (oh + 1 < OH) {
            o[OW + c] = lane(y10, l);
            if (c + 1 < OW) o[OW + c + 1] = lane(y11, l);
          }
        }
      }
    }
  }
}

// out[n, m, oh, ow] = bias[m] + sum_k sum_{i,j < 3} x[n, k, oh - ph + i, ow - pw + j] w[m, k, i, j] (zero
// outside x) for the tile rows [g0, g1) of N samples (th = ceil(OH / 2) tile rows each): x strided,
// U from winograd_weights_f32, out contiguous [N, M, OH, OW], bias strided or null. ws:
// winograd_workspace(K, M, OW) bytes, 16-byte aligned.
EXPORT(winograd_f32) void winograd_f32(const f32 *x, int K, int sx0, int sx1, int sx2, int sx3, int H, int W, const f32 *U, int M, int OH, int OW, int ph,
                                       int pw, const f32 *bias, int bs, f32 *out, int g0, int g1, f32 *ws) {
  int th = (OH + 1) / 2, tw = (OW + 1) / 2, rows = chunk_rows(tw), tp = round_up(rows * tw, 8), Mp = round_up(M, 4);
  int vs = plane_stride(K * tp), ps = plane_stride(Mp * tp);
  f32 *edge = ws, *temp = ws + 32, *V = temp + 4 * temp_len(tw), *P = V + 16 * vs;
  for (int c0 = g0; c0 < g1; c0 += rows) {
    int c1 = c0 + rows < g1 ? c0 + rows : g1;
    int T = (c1 - c0) * tw, T8 = round_up(T, 8);
    if (T8 > T)
      for (int xi = 0; xi < 16; xi++)
        for (int k = 0; k < K; k++)
          for (int t = T; t < T8; t++) V[xi * vs + ((t >> 3) * K + k) * 8 + (t & 7)] = 0.0f;
    transform_input(x, K, sx0, sx1, sx2, sx3, H, W, th, tw, ph, pw, c0, c1, vs, temp, V);
    for (int xi = 0; xi < 16; xi++) sgemm_packed(T8, K, U + xi * Mp * K, V + xi * vs, P + xi * ps, tp, 0, 0, M, edge);
    transform_output(P, M, ps, tp, th, tw, OH, OW, c0, c1, bias, bs, out);
  }
}
