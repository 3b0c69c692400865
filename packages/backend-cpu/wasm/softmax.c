// Row-wise softmax, log-softmax, their gradients and cross-entropy for float32 rows (contiguous).
// Rows are shifted by their max as PyTorch's kernels do, so an infinite max gives NaN as there.
#include "common.h"

static f32 hsum(v4 s) {
  return (wasm_f32x4_extract_lane(s, 0) + wasm_f32x4_extract_lane(s, 1)) + (wasm_f32x4_extract_lane(s, 2) + wasm_f32x4_extract_lane(s, 3));
}

static f32 row_max(const f32 *x, int n) { return row_extreme(x, n, 1); }

// e^(x - m) into e, and its sum: the exponentials first, 4 vectors a step (independent polynomial
// chains keep the core busy; fused with the sum, the same loop ran 1.4x slower), then the sum over
// e while it is in cache.
static f32 row_sumexp(const f32 *x, int n, f32 m, f32 *e) {
  v4 vm = SPLAT(m);
  int j = 0;
  for (; j + 16 <= n; j += 16) {
    v4 r0 = vexp(SUB(LOAD(x + j), vm));
    v4 r1 = vexp(SUB(LOAD(x + j + 4), vm));
    v4 r2 = vexp(SUB(LOAD(x + j + 8), vm));
    v4 r3 = vexp(SUB(LOAD(x + j + 12), vm));
    STORE(e + j, r0); STORE(e + j + 4, r1); STORE(e + j + 8, r2); STORE(e + j + 12, r3);
  }
  for (; j + 4 <= n; j += 4) STORE(e + j, vexp(SUB(LOAD(x + j), vm)));
  v4 s0 = SPLAT(0), s1 = s0;
  int i = 0;
  for (; i + 8 <= j; i += 8) {
    s0 = ADD(s0, LOAD(e + i));
    s1 = ADD(s1, LOAD(e + i + 4));
  }
  for (; i < j; i += 4) s0 = ADD(s0, LOAD(e + i));
  f32 total = hsum(ADD(s0, s1));
  for (; j < n; j++) {
    f32 ev = wasm_f32x4_extract_lane(vexp(SPLAT(x[j] - m)), 0);
    e[j] = ev;
    total += ev;
  }
  return total;
}

// the sum of e^(x - m) alone (cross-entropy's rows, with nowhere to write)
static f32 row_sumexp_only(const f32 *x, int n, f32 m) {
  v4 vm = SPLAT(m), s = SPLAT(0);
  int j = 0;
  for (; j + 4 <= n; j += 4) s = ADD(s, vexp(SUB(LOAD(x + j), vm)));
  f32 total = hsum(s);
  for (; j < n; j++) total += wasm_f32x4_extract_lane(vexp(SPLAT(x[j] - m)), 0);
  return total;
}

EXPORT(softmax_f32) void softmax_f32(int rows, int cols, const f32 *x, f32 *out, int log) {
  for (int r = 0; r < rows; r++, x += cols, out += cols) {
    f32 m = row_max(x, cols);
    if (log) {
      // (x - max) - log(sum): PyTorch's order; x - (max + log(sum)) loses the low bits for large logits
      f32 ls = wasm_f32x4_extract_lane(vlog(SPLAT(row_sumexp(x, cols, m, out))), 0); // out as scratch
      v4 vm = SPLAT(m), vl = SPLAT(ls);
      int j = 0;
      for (; j + 4 <= cols; j += 4) STORE(out + j, SUB(SUB(LOAD(x + j), vm), vl));
      for (; j < cols; j++) out[j] = (x[j] - m) - ls;
    } else {
      f32 s = row_sumexp(x, cols, m, out);
      v4 vs = SPLAT(s);
      int j = 0;
      for (; j + 4 <= cols; j += 4) STORE(out + j, DIV(LOAD(out + j), vs));
      for (; j < cols; j++) out[j] = out[j] / s;
    }
  }
}

// softmax: gi = y * (g - sum(g * y)); log-softmax: gi = g - e^y * sum(g)
EXPORT(softmax_backward_f32) void softmax_backward_f32(int rows, int cols, const f32 *y, const f32 *g, f32 *out, int log) {
  for (int r = 0; r < rows; r++, y += cols, g += cols, out += cols) {
    v4 s = SPLAT(0);
    int j = 0;
    if (log) {
      for (; j + 4 <= cols; j += 4) s = ADD(s, LOAD(g + j));
      f32 t = hsum(s);
      for (; j < cols; j++) t += g[j];
      v4 vt = SPLAT(t);
      for (j = 0; j + 4 <= cols; j += 4) STORE(out + j, SUB(LOAD(g + j), MUL(vexp(LOAD(y + j)), vt)));
      for (; j < cols; j++) out[j] = g[j] - wasm_f32x4_extract_lane(vexp(SPLAT(y[j])), 0) * t;
    } else {
      for (; j + 4 <= cols; j += 4) s = ADD(s, MUL(LOAD(g + j), LOAD(y + j)));
      f32 t = hsum(s);
      for (; j < cols; j++) t += g[j] * y[j];
      v4 vt = SPLAT(t);
      for (j = 0; j + 4 <= cols; j += 4) STORE(out + j, MUL(LOAD(y + j), SUB(LOAD(g + j), vt)));
      for (; j < cols; j++) out[j] = y[j] * (g[j] - t);
    }
  }
}

// Per-sample cross-entropy of logits [rows, cols] against class indices (float64 lanes, as int64 is
// stored): out[r] = -w[t] * log_softmax(x[r])[t], 0 where t == ignore. Targets are in range.
EXPORT(cross_entropy_f32) void cross_entropy_f32(int rows, int cols, const f32 *x, const f64 *target, const f32 *weight, int ignore, f32 *out) {
  for (int r = 0; r < rows; r++, x += cols) {
    int t = (int)target[r];
    if (t == ignore) {
      out[r] = 0.0f;
      continue;
    }
    f32 m = row_max(x, cols);
    f32 ls = wasm_f32x4_extract_lane(vlog(SPLAT(row_sumexp_only(x, cols, m))), 0);
    f32 loss = -((x[t] - m) - ls); // -log_softmax(x)[t], in PyTorch's order
    out[r] = weight ? loss * weight[t] : loss;
  }
}
