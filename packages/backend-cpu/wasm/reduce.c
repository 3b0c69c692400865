// float32 reductions: along a contiguous row (sum in float32 lanes over blocks of 1024, the block
// sums in float64: memory speed with the accuracy of a pairwise sum), or across rows for each column.
#include "common.h"

enum { R_SUM, R_MAX, R_MIN };

static f64 row_sum(const f32 *x, int n) {
  f64 total = 0;
  int j = 0;
  while (j + 16 <= n) {
    int end = n - j > 1024 ? j + 1024 : n;
    v4 s0 = SPLAT(0), s1 = s0, s2 = s0, s3 = s0;
    for (; j + 16 <= end; j += 16) {
      s0 = ADD(s0, LOAD(x + j));
      s1 = ADD(s1, LOAD(x + j + 4));
      s2 = ADD(s2, LOAD(x + j + 8));
      s3 = ADD(s3, LOAD(x + j + 12));
    }
    v4 s = ADD(ADD(s0, s1), ADD(s2, s3));
    total += (f64)wasm_f32x4_extract_lane(s, 0) + (f64)wasm_f32x4_extract_lane(s, 1) + (f64)wasm_f32x4_extract_lane(s, 2) +
             (f64)wasm_f32x4_extract_lane(s, 3);
  }
  for (; j < n; j++) total += x[j];
  return total;
}

static f32 row_extreme(const f32 *x, int n, int isMax) {
  f32 best = x[0];
  int j = 0;
  if (n >= 16) {
    v4 m0 = LOAD(x), m1 = m0, m2 = m0, m3 = m0;
    if (isMax)
      for (; j + 16 <= n; j += 16) {
        m0 = VMAX(m0, LOAD(x + j)); m1 = VMAX(m1, LOAD(x + j + 4));
        m2 = VMAX(m2, LOAD(x + j + 8)); m3 = VMAX(m3, LOAD(x + j + 12));
      }
    else
      for (; j + 16 <= n; j += 16) {
        m0 = VMIN(m0, LOAD(x + j)); m1 = VMIN(m1, LOAD(x + j + 4));
        m2 = VMIN(m2, LOAD(x + j + 8)); m3 = VMIN(m3, LOAD(x + j + 12));
      }
    v4 m = isMax ? VMAX(VMAX(m0, m1), VMAX(m2, m3)) : VMIN(VMIN(m0, m1), VMIN(m2, m3));
    best = isMax ? smax(best, hmax(m)) : smin(best, hmin(m));
  }
  for (; j < n; j++) best = isMax ? smax(best, x[j]) : smin(best, x[j]);
  return best;
}

// out[r * ors] = op(x[r * xrs + 0 .. cols)) for r < rows (cols >= 1).
EXPORT(reduce_rows_f32) void reduce_rows_f32(int op, int rows, int cols, const f32 *x, int xrs, f32 *out, int ors) {
  for (int r = 0; r < rows; r++) {
    const f32 *p = x + r * xrs;
    out[r * ors] = op == R_SUM ? (f32)row_sum(p, cols) : row_extreme(p, cols, op == R_MAX);
  }
}

// out[o * inner + i] = op over r < R of x[(o * R + r) * inner + i]: reducing the middle dim of a
// contiguous [outer, R, inner] (R >= 1). Sums accumulate in float64.
EXPORT(reduce_cols_f32) void reduce_cols_f32(int op, int outer, int R, int inner, const f32 *x, f32 *out) {
  for (int o = 0; o < outer; o++) {
    const f32 *base = x + o * R * inner;
    f32 *dst = out + o * inner;
    int i = 0;
    if (op == R_SUM) {
      for (; i + 4 <= inner; i += 4) {
        v128_t lo = wasm_f64x2_splat(0), hi = lo;
        const f32 *p = base + i;
        for (int r = 0; r < R; r++, p += inner) {
          v4 v = LOAD(p);
          lo = wasm_f64x2_add(lo, wasm_f64x2_promote_low_f32x4(v));
          hi = wasm_f64x2_add(hi, wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 0, 1)));
        }
        STORE(dst + i, wasm_i32x4_shuffle(wasm_f32x4_demote_f64x2_zero(lo), wasm_f32x4_demote_f64x2_zero(hi), 0, 1, 4, 5));
      }
      for (; i < inner; i++) {
        f64 s = 0;
        const f32 *p = base + i;
        for (int r = 0; r < R; r++, p += inner) s += *p;
        dst[i] = (f32)s;
      }
    } else {
      int isMax = op == R_MAX;
      for (; i + 4 <= inner; i += 4) {
        const f32 *p = base + i;
        v4 m = LOAD(p);
        for (int r = 1; r < R; r++) {
          p += inner;
          m = isMax ? VMAX(m, LOAD(p)) : VMIN(m, LOAD(p));
        }
        STORE(dst + i, m);
      }
      for (; i < inner; i++) {
        const f32 *p = base + i;
        f32 m = *p;
        for (int r = 1; r < R; r++) {
          p += inner;
          m = isMax ? smax(m, *p) : smin(m, *p);
        }
        dst[i] = m;
      }
    }
  }
}
