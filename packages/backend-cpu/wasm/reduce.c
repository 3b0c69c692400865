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

// The index of the first max (min) of x[0..n) (n >= 1), a NaN winning at its first position (PyTorch's
// argmax/argmin): the extreme first (NaN-propagating), then the first element equal to it, 16 at a time.
static int row_arg(const f32 *x, int n, int isMax) {
  f32 m = row_extreme(x, n, isMax);
  int j = 0;
  if (m != m) {
    for (; j < n; j++)
      if (x[j] != x[j]) return j;
  }
  v4 mv = SPLAT(m);
  for (; j + 16 <= n; j += 16) {
    v4 e = wasm_v128_or(wasm_v128_or(wasm_f32x4_eq(LOAD(x + j), mv), wasm_f32x4_eq(LOAD(x + j + 4), mv)),
                        wasm_v128_or(wasm_f32x4_eq(LOAD(x + j + 8), mv), wasm_f32x4_eq(LOAD(x + j + 12), mv)));
    if (wasm_v128_any_true(e)) break;
  }
  for (; j < n; j++)
    if (x[j] == m) return j;
  return 0;
}

// out[r * ors] = argmax (op 1) or argmin (op 2) of x[r * xrs + 0 .. cols), as float64 (int64 storage).
EXPORT(argreduce_rows_f32) void argreduce_rows_f32(int op, int rows, int cols, const f32 *x, int xrs, f64 *out, int ors) {
  for (int r = 0; r < rows; r++) out[r * ors] = (f64)row_arg(x + r * xrs, cols, op == R_MAX);
}

// out[o * inner + i] = argmax (op 1) or argmin (op 2) over r < R of x[(o * R + r) * inner + i], as
// float64: the middle dim of a contiguous [outer, R, inner] (R >= 1). A lane takes a later row only
// when it is strictly greater (less), or a NaN while the lane holds none, so the first wins ties.
EXPORT(argreduce_cols_f32) void argreduce_cols_f32(int op, int outer, int R, int inner, const f32 *x, f64 *out) {
  int isMax = op == R_MAX;
  for (int o = 0; o < outer; o++) {
    const f32 *base = x + o * R * inner;
    f64 *dst = out + o * inner;
    int i = 0;
    for (; i + 4 <= inner; i += 4) {
      const f32 *p = base + i;
      v4 m = LOAD(p), idx = wasm_i32x4_splat(0);
      for (int r = 1; r < R; r++) {
        p += inner;
        v4 v = LOAD(p);
        v4 better = isMax ? wasm_f32x4_gt(v, m) : wasm_f32x4_lt(v, m);
        better = wasm_v128_or(better, wasm_v128_and(wasm_f32x4_ne(v, v), wasm_f32x4_eq(m, m)));
        m = wasm_v128_bitselect(v, m, better);
        idx = wasm_v128_bitselect(wasm_i32x4_splat(r), idx, better);
      }
      STORE(dst + i, wasm_f64x2_convert_low_i32x4(idx));
      STORE(dst + i + 2, wasm_f64x2_convert_low_i32x4(wasm_i32x4_shuffle(idx, idx, 2, 3, 0, 1)));
    }
    for (; i < inner; i++) {
      const f32 *p = base + i;
      f32 m = *p;
      int best = 0;
      for (int r = 1; r < R; r++) {
        p += inner;
        f32 v = *p;
        if ((isMax ? v > m : v < m) || (v != v && m == m)) { m = v; best = r; }
      }
      dst[i] = (f64)best;
    }
  }
}
