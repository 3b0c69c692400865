// float32 elementwise kernels over `rows` rows of `cols` elements. Each operand has a row stride and
// an element stride of 1 or 0 (0: one value repeated along the row, a broadcast); the output's rows
// are contiguous with their own row stride. Strides are in elements.
#include "common.h"

enum { B_ADD, B_SUB, B_MUL, B_DIV, B_MAX, B_MIN, B_LT, B_LE, B_GT, B_GE, B_EQ, B_NE, B_RELU_GRAD };

#define BIN_LOOP(VOP, SOP)                                                                   \
  for (int r = 0; r < rows; r++) {                                                          \
    const f32 *x = a + r * ars, *y = b + r * brs;                                           \
    f32 *o = out + r * ors;                                                                 \
    int j = 0;                                                                              \
    if (ai && bi) {                                                                         \
      for (; j + 8 <= cols; j += 8) {                                                       \
        v4 p = LOAD(x + j), q = LOAD(y + j), p2 = LOAD(x + j + 4), q2 = LOAD(y + j + 4);   \
        STORE(o + j, VOP(p, q)); STORE(o + j + 4, VOP(p2, q2));                             \
      }                                                                                     \
      for (; j < cols; j++) { f32 p = x[j], q = y[j]; o[j] = SOP; }                         \
    } else if (ai) {                                                                        \
      f32 qs = y[0]; v4 q = SPLAT(qs);                                                      \
      for (; j + 8 <= cols; j += 8) {                                                       \
        v4 p = LOAD(x + j), p2 = LOAD(x + j + 4);                                           \
        STORE(o + j, VOP(p, q)); STORE(o + j + 4, VOP(p2, q));                              \
      }                                                                                     \
      for (; j < cols; j++) { f32 p = x[j], q = qs; o[j] = SOP; }                           \
    } else if (bi) {                                                                        \
      f32 ps = x[0]; v4 p = SPLAT(ps);                                                      \
      for (; j + 8 <= cols; j += 8) {                                                       \
        v4 q = LOAD(y + j), q2 = LOAD(y + j + 4);                                           \
        STORE(o + j, VOP(p, q)); STORE(o + j + 4, VOP(p, q2));                              \
      }                                                                                     \
      for (; j < cols; j++) { f32 p = ps, q = y[j]; o[j] = SOP; }                           \
    } else {                                                                                \
      f32 p = x[0], q = y[0], v = SOP;                                                      \
      for (; j < cols; j++) o[j] = v;                                                       \
    }                                                                                       \
  }

#define RELU_GRAD(g, y) wasm_v128_andnot(g, wasm_f32x4_le(y, wasm_f32x4_splat(0)))

EXPORT(binary_f32) void binary_f32(int op, int rows, int cols, const f32 *a, int ars, int ai, const f32 *b, int brs, int bi, f32 *out, int ors) {
  switch (op) {
    case B_ADD: BIN_LOOP(ADD, p + q) break;
    case B_SUB: BIN_LOOP(SUB, p - q) break;
    case B_MUL: BIN_LOOP(MUL, p * q) break;
    case B_DIV: BIN_LOOP(DIV, p / q) break;
    case B_MAX: BIN_LOOP(VMAX, smax(p, q)) break;
    case B_MIN: BIN_LOOP(VMIN, smin(p, q)) break;
    // ReLU's gradient from the forward's output: a = grad, b = output; 0 where output <= 0 (PyTorch's threshold_backward)
    case B_RELU_GRAD: BIN_LOOP(RELU_GRAD, q <= 0 ? 0.0f : p) break;
  }
}

// Comparisons of float32 operands into bool (uint8) rows.
#define CMP_LOOP(VOP, SOP)                                                                   \
  for (int r = 0; r < rows; r++) {                                                          \
    const f32 *x = a + r * ars, *y = b + r * brs;                                           \
    uint8_t *o = out + r * ors;                                                             \
    int j = 0;                                                                              \
    for (; j + 16 <= cols; j += 16) {                                                       \
      v4 q0 = bi ? LOAD(y + j) : SPLAT(y[0]);                                               \
      v4 p0 = ai ? LOAD(x + j) : SPLAT(x[0]);                                               \
      v4 q1 = bi ? LOAD(y + j + 4) : q0, p1 = ai ? LOAD(x + j + 4) : p0;                     \
      v4 q2 = bi ? LOAD(y + j + 8) : q0, p2 = ai ? LOAD(x + j + 8) : p0;                     \
      v4 q3 = bi ? LOAD(y + j + 12) : q0, p3 = ai ? LOAD(x + j + 12) : p0;                   \
      v4 w0 = wasm_i16x8_narrow_i32x4(VOP(p0, q0), VOP(p1, q1));                             \
      v4 w1 = wasm_i16x8_narrow_i32x4(VOP(p2, q2), VOP(p3, q3));                             \
      STORE(o + j, wasm_v128_and(wasm_i8x16_narrow_i16x8(w0, w1), wasm_i8x16_splat(1)));     \
    }                                                                                       \
    for (; j < cols; j++) { f32 p = x[j * ai], q = y[j * bi]; o[j] = SOP; }                 \
  }

EXPORT(compare_f32) void compare_f32(int op, int rows, int cols, const f32 *a, int ars, int ai, const f32 *b, int brs, int bi, uint8_t *out, int ors) {
  switch (op) {
    case B_LT: CMP_LOOP(wasm_f32x4_lt, p < q) break;
    case B_LE: CMP_LOOP(wasm_f32x4_le, p <= q) break;
    case B_GT: CMP_LOOP(wasm_f32x4_gt, p > q) break;
    case B_GE: CMP_LOOP(wasm_f32x4_ge, p >= q) break;
    case B_EQ: CMP_LOOP(wasm_f32x4_eq, p == q) break;
    case B_NE: CMP_LOOP(wasm_f32x4_ne, p != q) break;
  }
}

// 4 bools as 4 lane masks
#define MASK4(p) wasm_i32x4_ne(wasm_u32x4_extend_low_u16x8(wasm_u16x8_extend_low_u8x16(wasm_v128_load32_zero(p))), wasm_i32x4_splat(0))

// where(cond, a, b) for float32: cond is uint8 (bool); a and b strided as in binary_f32.
EXPORT(where_f32) void where_f32(int rows, int cols, const uint8_t *cond, int crs, int ci, const f32 *a, int ars, int ai, const f32 *b, int brs, int bi, f32 *out, int ors) {
  for (int r = 0; r < rows; r++) {
    const uint8_t *c = cond + r * crs;
    const f32 *x = a + r * ars, *y = b + r * brs;
    f32 *o = out + r * ors;
    int j = 0;
    if (ci && ai && bi) {
      for (; j + 4 <= cols; j += 4) {
        v4 m = MASK4(c + j);
        STORE(o + j, wasm_v128_bitselect(LOAD(x + j), LOAD(y + j), m));
      }
    } else if (ci && !ai && bi) {
      v4 xs = SPLAT(x[0]);
      for (; j + 4 <= cols; j += 4) {
        v4 m = MASK4(c + j);
        STORE(o + j, wasm_v128_bitselect(xs, LOAD(y + j), m));
      }
    } else if (ci && ai && !bi) {
      v4 ys = SPLAT(y[0]);
      for (; j + 4 <= cols; j += 4) {
        v4 m = MASK4(c + j);
        STORE(o + j, wasm_v128_bitselect(LOAD(x + j), ys, m));
      }
    }
    for (; j < cols; j++) o[j] = c[j * ci] ? x[j * ai] : y[j * bi];
  }
}

enum { U_NEG, U_ABS, U_SQRT, U_EXP, U_LOG, U_SIGMOID, U_TANH, U_RELU, U_RECIPROCAL, U_RSQRT };

#define UN_LOOP(VOP)                                                  \
  for (int r = 0; r < rows; r++) {                                   \
    const f32 *x = a + r * ars;                                      \
    f32 *o = out + r * ors;                                          \
    int j = 0;                                                       \
    for (; j + 16 <= cols; j += 16) {                                \
      v4 v = LOAD(x + j);                                            \
      v4 r0 = VOP;                                                   \
      v = LOAD(x + j + 4);                                           \
      v4 r1 = VOP;                                                   \
      v = LOAD(x + j + 8);                                           \
      v4 r2 = VOP;                                                   \
      v = LOAD(x + j + 12);                                          \
      STORE(o + j, r0); STORE(o + j + 4, r1); STORE(o + j + 8, r2); STORE(o + j + 12, VOP); \
    }                                                                \
    for (; j + 4 <= cols; j += 4) { v4 v = LOAD(x + j); STORE(o + j, VOP); } \
    if (j < cols) {                                                  \
      /* the tail through a vector built lane by lane */             \
      int n = cols - j;                                              \
      v4 v = wasm_f32x4_make(x[j], n > 1 ? x[j + 1] : 0, n > 2 ? x[j + 2] : 0, 0); \
      v4 res = VOP;                                                  \
      o[j] = wasm_f32x4_extract_lane(res, 0);                        \
      if (n > 1) o[j + 1] = wasm_f32x4_extract_lane(res, 1);         \
      if (n > 2) o[j + 2] = wasm_f32x4_extract_lane(res, 2);         \
    }                                                                \
  }

EXPORT(unary_f32) void unary_f32(int op, int rows, int cols, const f32 *a, int ars, f32 *out, int ors) {
  v4 zero = SPLAT(0.0f), one = SPLAT(1.0f);
  switch (op) {
    case U_NEG: UN_LOOP(wasm_f32x4_neg(v)) break;
    case U_ABS: UN_LOOP(wasm_f32x4_abs(v)) break;
    case U_SQRT: UN_LOOP(wasm_f32x4_sqrt(v)) break;
    case U_EXP: UN_LOOP(vexp(v)) break;
    case U_LOG: UN_LOOP(vlog(v)) break;
    case U_SIGMOID: UN_LOOP(vsigmoid(v)) break;
    case U_TANH: UN_LOOP(vtanh(v)) break;
    case U_RELU: UN_LOOP(wasm_v128_and(v, wasm_v128_or(wasm_f32x4_gt(v, zero), wasm_f32x4_ne(v, v)))) break;
    case U_RECIPROCAL: UN_LOOP(DIV(one, v)) break;
    case U_RSQRT: UN_LOOP(DIV(one, wasm_f32x4_sqrt(v))) break;
  }
}

// A strided 2-D copy of 32-bit elements: dst[i * drs + j] = src[i * srs + j * scs] for i < rows, j < cols
// (contiguous destination rows). A transposed source (srs == 1) is copied in 4 x 4 blocks through
// registers, so both sides are read and written a vector at a time.
EXPORT(copy2d_32) void copy2d_32(int rows, int cols, const f32 *src, int srs, int scs, f32 *dst, int drs) {
  int i = 0;
  if (srs == 1 && scs != 1) {
    for (; i + 4 <= rows; i += 4) {
      int j = 0;
      for (; j + 4 <= cols; j += 4) {
        const f32 *s = src + i + j * scs;
        v4 c0 = LOAD(s), c1 = LOAD(s + scs), c2 = LOAD(s + 2 * scs), c3 = LOAD(s + 3 * scs);
        // c_k holds column j + k of rows i..i+3: transpose to rows
        v4 t0 = wasm_i32x4_shuffle(c0, c1, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(c0, c1, 2, 6, 3, 7);
        v4 t2 = wasm_i32x4_shuffle(c2, c3, 0, 4, 1, 5), t3 = wasm_i32x4_shuffle(c2, c3, 2, 6, 3, 7);
        f32 *d = dst + i * drs + j;
        STORE(d, wasm_i64x2_shuffle(t0, t2, 0, 2));
        STORE(d + drs, wasm_i64x2_shuffle(t0, t2, 1, 3));
        STORE(d + 2 * drs, wasm_i64x2_shuffle(t1, t3, 0, 2));
        STORE(d + 3 * drs, wasm_i64x2_shuffle(t1, t3, 1, 3));
      }
      for (; j < cols; j++)
        for (int r = i; r < i + 4; r++) dst[r * drs + j] = src[r + j * scs];
    }
  }
  for (; i < rows; i++) {
    const f32 *s = src + i * srs;
    f32 *d = dst + i * drs;
    if (scs == 1)
      for (int j = 0; j < cols; j++) d[j] = s[j];
    else
      for (int j = 0; j < cols; j++) d[j] = s[j * scs];
  }
}

// dst[0..n) = value for 8-, 4- and 1-byte elements (float64/int64, float32/int32, uint8/bool): the
// heap's fill. TypedArray.prototype.fill over shared memory stores one element at a time (about 10x
// slower than a vector loop: 50 us for 100,000 floats, an MLP's zero_grad).
EXPORT(fill_64) void fill_64(f64 *dst, int n, f64 value) {
  v4 v = wasm_f64x2_splat(value);
  int j = 0;
  for (; j < n && ((uintptr_t)(dst + j) & 15); j++) dst[j] = value;
  for (; j + 8 <= n; j += 8) {
    STORE(dst + j, v); STORE(dst + j + 2, v); STORE(dst + j + 4, v); STORE(dst + j + 6, v);
  }
  for (; j < n; j++) dst[j] = value;
}

EXPORT(fill_32) void fill_32(uint32_t *dst, int n, uint32_t bits) {
  v4 v = wasm_i32x4_splat(bits);
  int j = 0;
  for (; j < n && ((uintptr_t)(dst + j) & 15); j++) dst[j] = bits;
  for (; j + 16 <= n; j += 16) {
    STORE(dst + j, v); STORE(dst + j + 4, v); STORE(dst + j + 8, v); STORE(dst + j + 12, v);
  }
  for (; j < n; j++) dst[j] = bits;
}

EXPORT(fill_8) void fill_8(uint8_t *dst, int n, int value) { __builtin_memset(dst, value, n); }
