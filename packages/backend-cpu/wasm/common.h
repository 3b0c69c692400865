// Shared by the WebAssembly kernels: float32 SIMD helpers and the export attribute. The kernels use
// no static data and no stack (no arrays or address-taken locals), so one compiled module serves
// every worker thread over the same shared memory.
#ifndef X_COMMON_H
#define X_COMMON_H
#include <stdint.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))
typedef float f32;
typedef double f64;
typedef v128_t v4;

#define SPLAT(x) wasm_f32x4_splat(x)
#define LOAD(p) wasm_v128_load(p)
#define STORE(p, v) wasm_v128_store(p, v)
#define ADD(a, b) wasm_f32x4_add(a, b)
#define SUB(a, b) wasm_f32x4_sub(a, b)
#define MUL(a, b) wasm_f32x4_mul(a, b)
#define DIV(a, b) wasm_f32x4_div(a, b)

// IEEE max/min with NaN propagation and max(-0, +0) = +0: wasm's f32x4.max/min, as PyTorch's maximum/minimum.
#define VMAX(a, b) wasm_f32x4_max(a, b)
#define VMIN(a, b) wasm_f32x4_min(a, b)

// Scalar NaN-propagating max/min with the same zero rule (wasm's f32.max/f32.min).
#define smax(a, b) __builtin_wasm_max_f32(a, b)
#define smin(a, b) __builtin_wasm_min_f32(a, b)

// max/min of x[0..n) (n >= 1), NaN-propagating: 4 chains of pmax/pmin (one x86 instruction each,
// where VMAX/VMIN take several), NaNs seen on the side.
static inline f32 hmax(v4 m);
static inline f32 hmin(v4 m);
static inline f32 row_extreme(const f32 *x, int n, int isMax) {
  f32 best = x[0];
  int j = 0;
  if (n >= 16) {
    v4 m0 = LOAD(x), m1 = m0, m2 = m0, m3 = m0, nan = wasm_f32x4_ne(m0, m0);
    if (isMax)
      for (; j + 16 <= n; j += 16) {
        v4 a = LOAD(x + j), b = LOAD(x + j + 4), c = LOAD(x + j + 8), d = LOAD(x + j + 12);
        m0 = wasm_f32x4_pmax(m0, a); m1 = wasm_f32x4_pmax(m1, b); m2 = wasm_f32x4_pmax(m2, c); m3 = wasm_f32x4_pmax(m3, d);
        nan = wasm_v128_or(nan, wasm_v128_or(wasm_v128_or(wasm_f32x4_ne(a, a), wasm_f32x4_ne(b, b)), wasm_v128_or(wasm_f32x4_ne(c, c), wasm_f32x4_ne(d, d))));
      }
    else
      for (; j + 16 <= n; j += 16) {
        v4 a = LOAD(x + j), b = LOAD(x + j + 4), c = LOAD(x + j + 8), d = LOAD(x + j + 12);
        m0 = wasm_f32x4_pmin(m0, a); m1 = wasm_f32x4_pmin(m1, b); m2 = wasm_f32x4_pmin(m2, c); m3 = wasm_f32x4_pmin(m3, d);
        nan = wasm_v128_or(nan, wasm_v128_or(wasm_v128_or(wasm_f32x4_ne(a, a), wasm_f32x4_ne(b, b)), wasm_v128_or(wasm_f32x4_ne(c, c), wasm_f32x4_ne(d, d))));
      }
    if (wasm_v128_any_true(nan)) return __builtin_nanf("");
    v4 m = isMax ? VMAX(VMAX(m0, m1), VMAX(m2, m3)) : VMIN(VMIN(m0, m1), VMIN(m2, m3));
    best = isMax ? smax(best, hmax(m)) : smin(best, hmin(m));
  }
  for (; j < n; j++) best = isMax ? smax(best, x[j]) : smin(best, x[j]);
  return best;
}

// The max (min) of 4 lanes, NaN-propagating.
static inline f32 hmax(v4 m) {
  m = VMAX(m, wasm_i32x4_shuffle(m, m, 2, 3, 0, 1));
  return wasm_f32x4_extract_lane(VMAX(m, wasm_i32x4_shuffle(m, m, 1, 0, 3, 2)), 0);
}
static inline f32 hmin(v4 m) {
  m = VMIN(m, wasm_i32x4_shuffle(m, m, 2, 3, 0, 1));
  return wasm_f32x4_extract_lane(VMIN(m, wasm_i32x4_shuffle(m, m, 1, 0, 3, 2)), 0);
}

// e^x for 4 lanes (Cephes' expf: range reduction by ln 2 in two parts, degree-5 polynomial), within
// 2 ulp; exp(NaN) = NaN, overflow gives inf, underflow 0 (through subnormals). Cheap lowerings only:
// the clamp uses pmin/pmax (one x86 instruction each; NaN passes through), and n = round(x / ln 2)
// comes from adding and subtracting 1.5 * 2^23 (round to nearest even), its integer from the bits.
static inline v4 vexp(v4 x) {
  x = wasm_f32x4_pmin(wasm_f32x4_pmax(x, SPLAT(-104.0f)), SPLAT(89.0f));
  v4 t = ADD(MUL(x, SPLAT(1.44269504088896341f)), SPLAT(12582912.0f));
  v4 n = SUB(t, SPLAT(12582912.0f));
  v4 r = SUB(x, MUL(n, SPLAT(0.693359375f)));
  r = SUB(r, MUL(n, SPLAT(-2.12194440e-4f)));
  v4 p = SPLAT(1.9875691500e-4f);
  p = ADD(MUL(p, r), SPLAT(1.3981999507e-3f));
  p = ADD(MUL(p, r), SPLAT(8.3334519073e-3f));
  p = ADD(MUL(p, r), SPLAT(4.1665795894e-2f));
  p = ADD(MUL(p, r), SPLAT(1.6666665459e-1f));
  p = ADD(MUL(p, r), SPLAT(5.0000001201e-1f));
  p = ADD(ADD(MUL(MUL(p, r), r), r), SPLAT(1.0f));
  // 2^n in two factors, so n from -150 to 128 stays representable (subnormal results, overflow to inf)
  v4 ni = wasm_i32x4_sub(t, wasm_i32x4_splat(0x4B400000));
  v4 h = wasm_i32x4_shr(ni, 1);
  v4 s1 = wasm_i32x4_shl(wasm_i32x4_add(h, wasm_i32x4_splat(127)), 23);
  v4 s2 = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_sub(ni, h), wasm_i32x4_splat(127)), 23);
  return MUL(MUL(p, s1), s2);
}

// ln x for 4 lanes (Cephes' logf), within 2 ulp; log(0) = -inf, log(x < 0) = NaN, log(inf) = inf.
static inline v4 vlog(v4 x) {
  v4 zero = wasm_f32x4_splat(0.0f);
  v4 isZero = wasm_f32x4_eq(x, zero);
  v4 isNeg = wasm_f32x4_lt(x, zero);
  v4 isInf = wasm_f32x4_eq(x, SPLAT(__builtin_inff()));
  v4 isNan = wasm_f32x4_ne(x, x);
  // subnormals: scale up by 2^25 first
  v4 sub = wasm_f32x4_lt(x, SPLAT(1.17549435e-38f));
  x = wasm_v128_bitselect(MUL(x, SPLAT(33554432.0f)), x, sub);
  v4 bits = x;
  v4 e = wasm_i32x4_sub(wasm_u32x4_shr(bits, 23), wasm_i32x4_splat(126));
  e = wasm_i32x4_sub(e, wasm_v128_and(sub, wasm_i32x4_splat(25)));
  v4 m = wasm_v128_or(wasm_v128_and(bits, wasm_i32x4_splat(0x807fffff)), wasm_i32x4_splat(0x3f000000)); // [0.5, 1)
  v4 fe = wasm_f32x4_convert_i32x4(e);
  v4 small = wasm_f32x4_lt(m, SPLAT(0.707106781186547524f));
  // if m < sqrt(1/2): e -= 1, m = 2m - 1 else m = m - 1
  fe = SUB(fe, wasm_v128_and(small, SPLAT(1.0f)));
  m = SUB(ADD(m, wasm_v128_and(small, m)), SPLAT(1.0f));
  v4 z = MUL(m, m);
  v4 y = SPLAT(7.0376836292e-2f);
  y = ADD(MUL(y, m), SPLAT(-1.1514610310e-1f));
  y = ADD(MUL(y, m), SPLAT(1.1676998740e-1f));
  y = ADD(MUL(y, m), SPLAT(-1.2420140846e-1f));
  y = ADD(MUL(y, m), SPLAT(1.4249322787e-1f));
  y = ADD(MUL(y, m), SPLAT(-1.6668057665e-1f));
  y = ADD(MUL(y, m), SPLAT(2.0000714765e-1f));
  y = ADD(MUL(y, m), SPLAT(-2.4999993993e-1f));
  y = ADD(MUL(y, m), SPLAT(3.3333331174e-1f));
  y = MUL(MUL(y, m), z);
  y = ADD(y, MUL(fe, SPLAT(-2.12194440e-4f)));
  y = SUB(y, MUL(z, SPLAT(0.5f)));
  v4 r = ADD(ADD(m, y), MUL(fe, SPLAT(0.693359375f)));
  r = wasm_v128_bitselect(SPLAT(-__builtin_inff()), r, isZero);
  r = wasm_v128_bitselect(SPLAT(__builtin_nanf("")), r, isNeg);
  r = wasm_v128_bitselect(x, r, wasm_v128_or(isInf, isNan));
  return r;
}

static inline v4 vsigmoid(v4 x) {
  // 1 / (1 + e^-x), with e^-x from the side that cannot overflow: e = e^-|x|, x >= 0: 1/(1+e), else e/(1+e)
  v4 e = vexp(wasm_f32x4_neg(wasm_f32x4_abs(x)));
  v4 d = ADD(SPLAT(1.0f), e);
  v4 pos = wasm_f32x4_ge(x, SPLAT(0.0f));
  return DIV(wasm_v128_bitselect(SPLAT(1.0f), e, pos), d);
}

static inline v4 vtanh(v4 x) {
  // |x| < 0.625: Cephes' odd polynomial; else 1 - 2 / (e^(2|x|) + 1) with x's sign
  v4 ax = wasm_f32x4_abs(x);
  v4 z = MUL(x, x);
  v4 p = SPLAT(-5.70498872745e-3f);
  p = ADD(MUL(p, z), SPLAT(2.06390887954e-2f));
  p = ADD(MUL(p, z), SPLAT(-5.37397155531e-2f));
  p = ADD(MUL(p, z), SPLAT(1.33314422036e-1f));
  p = ADD(MUL(p, z), SPLAT(-3.33332819422e-1f));
  v4 smallv = ADD(MUL(MUL(p, z), x), x);
  v4 e = vexp(ADD(ax, ax));
  v4 big = SUB(SPLAT(1.0f), DIV(SPLAT(2.0f), ADD(e, SPLAT(1.0f))));
  big = wasm_v128_or(big, wasm_v128_and(x, wasm_i32x4_splat((int)0x80000000)));
  v4 r = wasm_v128_bitselect(smallv, big, wasm_f32x4_lt(ax, SPLAT(0.625f)));
  return wasm_v128_bitselect(x, r, wasm_f32x4_ne(x, x));
}
#endif
