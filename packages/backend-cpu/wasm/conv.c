// Convolution's patch matrices (im2col, and its adjoint col2im) and max pooling, for float32, with
// PyTorch's geometry (stride, top/left padding, dilation): the loops of src/kernels/conv-im2col.ts and
// src/kernels/pool.ts, compiled. Strides are in elements.
#include "common.h"

// The output columns ow whose input column ow * stride + shift lies inside [0, W).
static inline void inside(int W, int OW, int stride, int shift, int *lo, int *hi) {
  int l = shift >= 0 ? 0 : (-shift + stride - 1) / stride;
  if (l > OW) l = OW;
  int h = W - 1 - shift < 0 ? 0 : (W - 1 - shift) / stride + 1;
  if (W - 1 - shift < 0) h = 0;
  if (h > OW) h = OW;
  if (h < l) h = l;
  *lo = l;
  *hi = h;
}

// cols[((c * kh + i) * kw + j) * width + (oh - oh0) * OW + ow] = x[c, oh * sh - ph + i * dh, ow * sw - pw + j * dw] (0 outside).
EXPORT(im2col_f32) void im2col_f32(const f32 *x, int channels, int sc, int srow, int scol, int H, int W, int kh, int kw, int OW, int oh0, int oh1,
                                   int sh, int sw, int ph, int pw, int dh, int dw, f32 *cols, int width) {
  for (int c = 0; c < channels; c++)
    for (int i = 0; i < kh; i++)
      for (int j = 0; j < kw; j++) {
        int shift = j * dw - pw, lo, hi;
        inside(W, OW, sw, shift, &lo, &hi);
        f32 *q = cols + ((c * kh + i) * kw + j) * width;
        for (int oh = oh0; oh < oh1; oh++, q += OW) {
          int ih = oh * sh - ph + i * dh;
          if (ih < 0 || ih >= H) {
            for (int ow = 0; ow < OW; ow++) q[ow] = 0.0f;
            continue;
          }
          const f32 *s = x + c * sc + ih * srow + (lo * sw + shift) * scol;
          int ow = 0;
          for (; ow < lo; ow++) q[ow] = 0.0f;
          int step = sw * scol;
          if (step == 1)
            for (; ow < hi; ow++, s++) q[ow] = *s;
          else
            for (; ow < hi; ow++, s += step) q[ow] = *s;
          for (; ow < OW; ow++) q[ow] = 0.0f;
        }
      }
}

// The adjoint of im2col: each patch value is added onto the input position it came from.
EXPORT(col2im_f32) void col2im_f32(const f32 *cols, int width, f32 *image, int channels, int sc, int srow, int scol, int H, int W, int kh, int kw, int OW,
                                   int oh0, int oh1, int sh, int sw, int ph, int pw, int dh, int dw) {
  for (int c = 0; c < channels; c++)
    for (int i = 0; i < kh; i++)
      for (int j = 0; j < kw; j++) {
        int shift = j * dw - pw, lo, hi;
        inside(W, OW, sw, shift, &lo, &hi);
        const f32 *q = cols + ((c * kh + i) * kw + j) * width;
        for (int oh = oh0; oh < oh1; oh++, q += OW) {
          int ih = oh * sh - ph + i * dh;
          if (ih < 0 || ih >= H) continue;
          f32 *s = image + c * sc + ih * srow + (lo * sw + shift) * scol;
          int step = sw * scol;
          for (int ow = lo; ow < hi; ow++, s += step) *s += q[ow];
        }
      }
}

// Max pooling of planes (n, c) into contiguous values and float64 (int64) indices ih * W + iw; the window
// is clipped to the input, scanned row-major, and a larger value or any NaN takes over (PyTorch's loop).
EXPORT(maxpool2d_f32) void maxpool2d_f32(const f32 *x, int N, int C, int s0, int s1, int s2, int s3, int H, int W, int OH, int OW, int kh, int kw,
                                         int sh, int sw, int ph, int pw, int dh, int dw, f32 *values, f64 *indices) {
  if (kh == 2 && kw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0 && dh == 1 && dw == 1 && s3 == 1 && 2 * OH <= H && 2 * OW <= W) {
    // the common 2 x 2 window, stride 2: four candidates in row-major order
    for (int n = 0; n < N; n++)
      for (int c = 0; c < C; c++) {
        const f32 *base = x + n * s0 + c * s1;
        for (int oh = 0; oh < OH; oh++) {
          const f32 *r0 = base + 2 * oh * s2, *r1 = r0 + s2;
          int at0 = 2 * oh * W;
          int ow = 0;
          // 4 outputs a step: the even and odd columns of the two rows, taken over in the same order
          v4 lane2 = wasm_i32x4_make(0, 2, 4, 6), one = wasm_i32x4_splat(1), w0 = wasm_i32x4_splat(W), w1 = wasm_i32x4_splat(W + 1);
          for (; ow + 4 <= OW; ow += 4) {
            v4 a = LOAD(r0 + 2 * ow), b = LOAD(r0 + 2 * ow + 4), c = LOAD(r1 + 2 * ow), d = LOAD(r1 + 2 * ow + 4);
            v4 best = wasm_i32x4_shuffle(a, b, 0, 2, 4, 6), off = wasm_i32x4_splat(0);
            v4 v = wasm_i32x4_shuffle(a, b, 1, 3, 5, 7);
            v4 take = wasm_v128_or(wasm_f32x4_gt(v, best), wasm_f32x4_ne(v, v));
            best = wasm_v128_bitselect(v, best, take);
            off = wasm_v128_bitselect(one, off, take);
            v = wasm_i32x4_shuffle(c, d, 0, 2, 4, 6);
            take = wasm_v128_or(wasm_f32x4_gt(v, best), wasm_f32x4_ne(v, v));
            best = wasm_v128_bitselect(v, best, take);
            off = wasm_v128_bitselect(w0, off, take);
            v = wasm_i32x4_shuffle(c, d, 1, 3, 5, 7);
            take = wasm_v128_or(wasm_f32x4_gt(v, best), wasm_f32x4_ne(v, v));
            best = wasm_v128_bitselect(v, best, take);
            off = wasm_v128_bitselect(w1, off, take);
            v4 at = wasm_i32x4_add(wasm_i32x4_add(wasm_i32x4_splat(at0 + 2 * ow), lane2), off);
            STORE(values, best);
            STORE(indices, wasm_f64x2_convert_low_i32x4(at));
            STORE(indices + 2, wasm_f64x2_convert_low_i32x4(wasm_i32x4_shuffle(at, at, 2, 3, 2, 3)));
            values += 4;
            indices += 4;
          }
          for (; ow < OW; ow++) {
            // -inf start as the general loop: the first element always takes over (a NaN too)
            f32 best = r0[2 * ow];
            int at = at0 + 2 * ow;
            f32 v = r0[2 * ow + 1];
            if (v > best || v != v) { best = v; at = at0 + 2 * ow + 1; }
            v = r1[2 * ow];
            if (v > best || v != v) { best = v; at = at0 + W + 2 * ow; }
            v = r1[2 * ow + 1];
            if (v > best || v != v) { best = v; at = at0 + W + 2 * ow + 1; }
            *values++ = best;
            *indices++ = (f64)at;
          }
        }
      }
    return;
  }
  for (int n = 0; n < N; n++)
    for (int c = 0; c < C; c++) {
      const f32 *base = x + n * s0 + c * s1;
      for (int oh = 0; oh < OH; oh++) {
        int h0 = oh * sh - ph, h1 = h0 + (kh - 1) * dh + 1;
        if (h1 > H) h1 = H;
        while (h0 < 0) h0 += dh;
        for (int ow = 0; ow < OW; ow++) {
          int w0 = ow * sw - pw, w1 = w0 + (kw - 1) * dw + 1;
          if (w1 > W) w1 = W;
          while (w0 < 0) w0 += dw;
          f32 best = -__builtin_inff();
          int at = h0 * W + w0;
          for (int ih = h0; ih < h1; ih += dh) {
            const f32 *row = base + ih * s2;
            for (int iw = w0; iw < w1; iw += dw) {
              f32 v = row[iw * s3];
              if (v > best || v != v) {
                best = v;
                at = ih * W + iw;
              }
            }
          }
          *values++ = best;
          *indices++ = (f64)at;
        }
      }
    }
}

// The gradient of max pooling: each gradOut value (strided) added into contiguous gradInput planes at its index.
EXPORT(maxpool2d_backward_f32) void maxpool2d_backward_f32(const f32 *g, int N, int C, int g0, int g1, int g2, int g3, const f64 *idx, int i0, int i1,
                                                           int i2, int i3, int OH, int OW, f32 *d, int plane) {
  for (int n = 0; n < N; n++)
    for (int c = 0; c < C; c++) {
      f32 *dp = d + (n * C + c) * plane;
      for (int oh = 0; oh < OH; oh++) {
        const f32 *gr = g + n * g0 + c * g1 + oh * g2;
        const f64 *ir = idx + n * i0 + c * i1 + oh * i2;
        for (int ow = 0; ow < OW; ow++) dp[(int)ir[ow * i3]] += gr[ow * g3];
      }
    }
}
