// 3 x 3 convolution at stride 1 by Winograd's minimal filtering F(2 x 2, 3 x 3) (Lavin and Gray,
// "Fast Algorithms for Convolutional Neural Networks", 2015), for float32: each 2 x 2 block of outputs
// is A^T [(G w G^T) . (B^T d B)] A over the 4 x 4 input patch d, so the 16 products per input
// channel and block take the place of 36 multiply-adds. Summed over input channels, the 16
// element-wise products are 16 matrix products (out channels x in channels) @ (in channels x blocks)
// on the GEMM's micro-kernel (sgemm_packed): 2.25 times fewer multiply-adds than im2col + GEMM. The
// input gradient is such a convolution too (of the output gradient, with the flipped filters), and
// the weight gradient has its own form (below: the products reduce along the blocks).
// Rounding: sums are float32 as in the direct products, with a few more roundings from the
// transforms (measured against float64: about twice the direct product's error). Downstream discrete
// choices may differ where float32 results differ in the last bits: in the bench's CNN step one
// max-pool argmax of 200,704 went another way than in float64 (none with im2col), which moves the
// weight gradient by 5.5e-4 of its largest value; float32 kernels that round differently do that.
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

// Rows ih .. ih + 3 of a channel plane (padded_row's), then B^T d along them for every column at
// once: temp rows 0 .. 3 (len apart) hold d0 - d2, d1 + d2, d2 - d1, d1 - d3.
static inline void input_rows(const f32 *p, int ih, int H, int W, int sh, int sw, int pw, int len, f32 *temp) {
  f32 *r0 = temp, *r1 = r0 + len, *r2 = r1 + len, *r3 = r2 + len;
  padded_row(p, ih, H, W, sh, sw, pw, len, r0);
  padded_row(p, ih + 1, H, W, sh, sw, pw, len, r1);
  padded_row(p, ih + 2, H, W, sh, sw, pw, len, r2);
  padded_row(p, ih + 3, H, W, sh, sw, pw, len, r3);
  for (int u = 0; u < len; u += 4) {
    v4 a = LOAD(r0 + u), b = LOAD(r1 + u), c = LOAD(r2 + u), d = LOAD(r3 + u);
    STORE(r0 + u, SUB(a, c));
    STORE(r1 + u, ADD(b, c));
    STORE(r2 + u, SUB(c, b));
    STORE(r3 + u, SUB(b, d));
  }
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
  for (int g = g0; g < g1; g++) {
    int n = g / th, ty = g - n * th, ih = 2 * ty - ph;
    int tbase = (g - g0) * tw;
    for (int k = 0; k < K; k++) {
      input_rows(x + n * sx0 + k * sx1, ih, H, W, sx2, sx3, pw, len, temp);
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

// ------------------------------------------------------------------------------------------------
// The weight gradient. With M = U . V in each tile (U = G w G^T, V = B^T d B) and Y = A^T M A, the
// gradient of M is Z = A dY A^T (4 x 4 from the 2 x 2 output gradient), so
//   dU[m, k] = sum over tiles of Z[m] . V[k]   (16 matrix products, reduced along the tiles)
//   dw[m, k] = G^T dU[m, k] G.
// The products take Z as the GEMM's A operand (panels of 4 output channels along the tiles) and V as
// its B operand (panels of 8 input channels along the tiles); both transforms work on 4 channels
// and 4 tiles at a time and transpose, so that each store holds one tile's 4 channels.

// v[0..3] (4 channels' values for 4 tiles) transposed in place: v[l] then holds tile l's 4 channels.
#define TRANSPOSE4(a, b, c, d)                                        \
  do {                                                                \
    v4 t0 = wasm_i32x4_shuffle(a, b, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(a, b, 2, 6, 3, 7); \
    v4 t2 = wasm_i32x4_shuffle(c, d, 0, 4, 1, 5), t3 = wasm_i32x4_shuffle(c, d, 2, 6, 3, 7); \
    a = wasm_i32x4_shuffle(t0, t2, 0, 1, 4, 5);                       \
    b = wasm_i32x4_shuffle(t0, t2, 2, 3, 6, 7);                       \
    c = wasm_i32x4_shuffle(t1, t3, 0, 1, 4, 5);                       \
    d = wasm_i32x4_shuffle(t1, t3, 2, 3, 6, 7);                       \
  } while (0)

// Stores the staged values stage[xi * 4 + c] (channel c of 4, lanes = tiles t .. t + lanes - 1) of the
// 16 positions at dst + xi * plane + tile * width (4 channels a tile, contiguous).
static inline void store_staged(v4 *stage, int lanes, f32 *dst, int plane, int width) {
#pragma clang loop unroll(disable)
  for (int xi = 0; xi < 16; xi++) {
    v4 a = stage[4 * xi], b = stage[4 * xi + 1], c = stage[4 * xi + 2], d = stage[4 * xi + 3];
    TRANSPOSE4(a, b, c, d);
    f32 *q = dst + xi * plane;
    STORE(q, a);
    if (lanes > 1) STORE(q + width, b);
    if (lanes > 2) STORE(q + 2 * width, c);
    if (lanes > 3) STORE(q + 3 * width, d);
  }
}

// V of tile rows [g0, g1) (T tiles) as the B operand: Vb + xi * vs + ((k / 8) * T + t) * 8 + k % 8.
static void transform_input_t(const f32 *x, int K, int sx0, int sx1, int sx2, int sx3, int H, int W, int th, int tw, int ph, int pw, int g0, int g1,
                              int T, int vs, f32 *temp, v4 *stage, f32 *Vb) {
  int len = temp_len(tw);
  for (int g = g0; g < g1; g++) {
    int n = g / th, ty = g - n * th, ih = 2 * ty - ph;
    int tbase = (g - g0) * tw;
    for (int k0 = 0; k0 < K; k0 += 4) {
      int kc = K - k0 < 4 ? K - k0 : 4;
      // B^T d of each channel's 4 rows, into temp rows 4 c .. 4 c + 3
#pragma clang loop unroll(disable)
      for (int c = 0; c < kc; c++) {
        input_rows(x + n * sx0 + (k0 + c) * sx1, ih, H, W, sx2, sx3, pw, len, temp + 4 * c * len);
      }
      for (int tx = 0; tx < tw; tx += 4) {
        int lanes = tw - tx < 4 ? tw - tx : 4;
#pragma clang loop unroll(disable)
        for (int c = 0; c < 4; c++) {
          if (c >= kc) {
            for (int xi = 0; xi < 16; xi++) stage[4 * xi + c] = SPLAT(0.0f);
            continue;
          }
          for (int i = 0; i < 4; i++) {
            const f32 *r = temp + (4 * c + i) * len + 2 * tx;
            v4 a = LOAD(r), b = LOAD(r + 4), cc = LOAD(r + 2), d = LOAD(r + 6);
            v4 e0 = wasm_i32x4_shuffle(a, b, 0, 2, 4, 6), o0 = wasm_i32x4_shuffle(a, b, 1, 3, 5, 7);
            v4 e1 = wasm_i32x4_shuffle(cc, d, 0, 2, 4, 6), o1 = wasm_i32x4_shuffle(cc, d, 1, 3, 5, 7);
            stage[4 * (4 * i) + c] = SUB(e0, e1);
            stage[4 * (4 * i + 1) + c] = ADD(o0, e1);
            stage[4 * (4 * i + 2) + c] = SUB(e1, o0);
            stage[4 * (4 * i + 3) + c] = SUB(o0, o1);
          }
        }
        int t = tbase + tx;
        store_staged(stage, lanes, Vb + ((k0 >> 3) * T + t) * 8 + (k0 & 7), vs, 8);
      }
    }
  }
}

// Z = A dY A^T of tile rows [g0, g1) as the A operand: Za + xi * zs + ((m / 4) * T + t) * 4 + m % 4.
// Output positions past OH, OW are zeros.
static void transform_grad(const f32 *dy, int M, int sy0, int sy1, int sy2, int sy3, int OH, int OW, int th, int tw, int g0, int g1, int T, int zs,
                           f32 *temp, v4 *stage, f32 *Za) {
  int len = temp_len(tw);
  for (int g = g0; g < g1; g++) {
    int n = g / th, ty = g - n * th, oh = 2 * ty;
    int tbase = (g - g0) * tw;
    for (int m0 = 0; m0 < M; m0 += 4) {
      int mc = M - m0 < 4 ? M - m0 : 4;
      for (int c = 0; c < mc; c++) {
        const f32 *p = dy + n * sy0 + (m0 + c) * sy1;
        padded_row(p, oh, OH, OW, sy2, sy3, 0, len, temp + 2 * c * len);
        padded_row(p, oh + 1, OH, OW, sy2, sy3, 0, len, temp + (2 * c + 1) * len);
      }
      for (int tx = 0; tx < tw; tx += 4) {
        int lanes = tw - tx < 4 ? tw - tx : 4;
#pragma clang loop unroll(disable)
        for (int c = 0; c < 4; c++) {
          if (c >= mc) {
            for (int xi = 0; xi < 16; xi++) stage[4 * xi + c] = SPLAT(0.0f);
            continue;
          }
          const f32 *r0 = temp + 2 * c * len + 2 * tx, *r1 = r0 + len;
          v4 a = LOAD(r0), b = LOAD(r0 + 4), cc = LOAD(r1), d = LOAD(r1 + 4);
          v4 y00 = wasm_i32x4_shuffle(a, b, 0, 2, 4, 6), y01 = wasm_i32x4_shuffle(a, b, 1, 3, 5, 7);
          v4 y10 = wasm_i32x4_shuffle(cc, d, 0, 2, 4, 6), y11 = wasm_i32x4_shuffle(cc, d, 1, 3, 5, 7);
          // rows of A Y: y0, y0 + y1, y0 - y1, -y1; then the same along the columns
          v4 rows[4][2] = {{y00, y01}, {ADD(y00, y10), ADD(y01, y11)}, {SUB(y00, y10), SUB(y01, y11)}, {wasm_f32x4_neg(y10), wasm_f32x4_neg(y11)}};
          for (int i = 0; i < 4; i++) {
            v4 u = rows[i][0], v = rows[i][1];
            stage[4 * (4 * i) + c] = u;
            stage[4 * (4 * i + 1) + c] = ADD(u, v);
            stage[4 * (4 * i + 2) + c] = SUB(u, v);
            stage[4 * (4 * i + 3) + c] = wasm_f32x4_neg(v);
          }
        }
        int t = tbase + tx;
        store_staged(stage, lanes, Za + ((m0 >> 2) * T + t) * 4, zs, 4);
      }
    }
  }
}

// Bytes of workspace one thread needs for the weight gradient (K input, M output channels, OW output
// columns): the transforms' rows and staging, V and Z of a chunk, and this thread's dU.
EXPORT(winograd_wgrad_workspace) int winograd_wgrad_workspace(int K, int M, int OW) {
  int tw = (OW + 1) / 2, tp = round_up(chunk_rows(tw) * tw, 8);
  return (32 + 16 * temp_len(tw) + 256 + 16 * plane_stride(round_up(K, 8) * tp) + 16 * plane_stride(round_up(M, 4) * tp) + 16 * round_up(M, 4) * round_up(K, 8)) * 4 + 64;
}

// dU (16 matrices [Mp, Kp] at the end of ws) = the sums over the tile rows [g0, g1) of Z[m] . V[k], for
// x [N, K, H, W] and dy [N, M, OH, OW] (any strides), padding (ph, pw). Each thread sums its own rows
// into its own workspace; winograd_wgrad_finish_f32 adds the threads' sums and transforms them.
EXPORT(winograd_wgrad_f32) void winograd_wgrad_f32(const f32 *x, int K, int sx0, int sx1, int sx2, int sx3, int H, int W, const f32 *dy, int M, int sy0,
                                                   int sy1, int sy2, int sy3, int OH, int OW, int ph, int pw, int g0, int g1, f32 *ws) {
  int th = (OH + 1) / 2, tw = (OW + 1) / 2, rows = chunk_rows(tw), tp = round_up(rows * tw, 8), Mp = round_up(M, 4), Kp = round_up(K, 8);
  int vs = plane_stride(Kp * tp), zs = plane_stride(Mp * tp), len = temp_len(tw);
  f32 *edge = ws, *temp = ws + 32;
  v4 *stage = (v4 *)(temp + 16 * len);
  f32 *Vb = temp + 16 * len + 256, *Za = Vb + 16 * vs, *dU = Za + 16 * zs;
  for (int i = 0; i < 16 * Mp * Kp; i++) dU[i] = 0.0f;
  for (int c0 = g0; c0 < g1; c0 += rows) {
    int c1 = c0 + rows < g1 ? c0 + rows : g1;
    int T = (c1 - c0) * tw;
    transform_input_t(x, K, sx0, sx1, sx2, sx3, H, W, th, tw, ph, pw, c0, c1, T, vs, temp, stage, Vb);
    transform_grad(dy, M, sy0, sy1, sy2, sy3, OH, OW, th, tw, c0, c1, T, zs, temp, stage, Za);
    for (int xi = 0; xi < 16; xi++) sgemm_packed(Kp, T, Za + xi * zs, Vb + xi * vs, dU + xi * Mp * Kp, Kp, 1, 0, M, edge);
  }
}

// dw [M, K, 3, 3] (contiguous) = G^T dU G, dU the sum of the `threads` workspaces' sums (`stride`
// bytes apart, as winograd_wgrad_f32 left them; the first one's is overwritten with the total). Runs
// once per gradient on 16 M K values: kept small (the module ships in browser bundles).
EXPORT(winograd_wgrad_finish_f32) void winograd_wgrad_finish_f32(f32 *ws, int threads, int stride, int K, int M, int OW, f32 *dw) {
  int tw = (OW + 1) / 2, tp = round_up(chunk_rows(tw) * tw, 8), Mp = round_up(M, 4), Kp = round_up(K, 8), n = 16 * Mp * Kp;
  f32 *dU = ws + 32 + 16 * temp_len(tw) + 256 + 16 * plane_stride(Kp * tp) + 16 * plane_stride(Mp * tp);
  for (int t = 1; t < threads; t++) {
    const f32 *o = (const f32 *)((const char *)dU + t * stride);
    for (int i = 0; i < n; i += 4) STORE(dU + i, ADD(LOAD(dU + i), LOAD(o + i)));
  }
  int plane = Mp * Kp;
#pragma clang loop unroll(disable)
  for (int m = 0; m < M; m++)
#pragma clang loop unroll(disable)
    for (int k = 0; k < K; k++) {
      const f32 *d = dU + m * Kp + k;
      f32 *o = dw + (m * K + k) * 9;
      // G^T D along the rows (D0 + (D1 + D2) / 2, (D1 - D2) / 2, (D1 + D2) / 2 + D3) for each column j,
      // then the same along the columns of each of the 3 rows
#define COL(j, r0, r1, r2)                                                               \
  f32 r0, r1, r2;                                                                        \
  {                                                                                      \
    f32 a = d[(j) * plane], b = d[(4 + (j)) * plane], c = d[(8 + (j)) * plane], e = d[(12 + (j)) * plane]; \
    r0 = a + (b + c) * 0.5f;                                                             \
    r1 = (b - c) * 0.5f;                                                                 \
    r2 = (b + c) * 0.5f + e;                                                             \
  }
      COL(0, a0, b0, c0)
      COL(1, a1, b1, c1)
      COL(2, a2, b2, c2)
      COL(3, a3, b3, c3)
#undef COL
#define ROW(i, v0, v1, v2, v3)                 \
  o[3 * (i)] = v0 + (v1 + v2) * 0.5f;          \
  o[3 * (i) + 1] = (v1 - v2) * 0.5f;           \
  o[3 * (i) + 2] = (v1 + v2) * 0.5f + v3;
      ROW(0, a0, a1, a2, a3)
      ROW(1, b0, b1, b2, b3)
      ROW(2, c0, c1, c2, c3)
#undef ROW
    }
}
