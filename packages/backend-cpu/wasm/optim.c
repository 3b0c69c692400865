// Optimizer updates of one float32 parameter in one pass, operation for operation as PyTorch 1.13's
// single-tensor Adam/AdamW and SGD (each step rounded to float32; no fused multiply-add).
#include "common.h"

EXPORT(adam_f32) void adam_f32(int n, f32 *param, const f32 *grad, f32 *m, f32 *v, f32 *vmax, f32 lr_wd, f32 wd, f32 beta1,
                               f32 one_minus_beta1, f32 beta2, f32 one_minus_beta2, f32 bc2sqrt, f32 eps, f32 neg_step, int decoupled,
                               int maximize) {
  v4 vwd = SPLAT(wd), vdecay = SPLAT(lr_wd), vb1 = SPLAT(beta1), vb1c = SPLAT(one_minus_beta1), vb2 = SPLAT(beta2),
     vb2c = SPLAT(one_minus_beta2), vbc = SPLAT(bc2sqrt), veps = SPLAT(eps), vstep = SPLAT(neg_step);
  int j = 0;
  for (; j + 4 <= n; j += 4) {
    v4 g = LOAD(grad + j), p = LOAD(param + j);
    if (maximize) g = wasm_f32x4_neg(g);
    if (wd != 0) {
      if (decoupled) p = MUL(p, vdecay);
      else g = ADD(g, MUL(vwd, p));
    }
    v4 mm = ADD(MUL(LOAD(m + j), vb1), MUL(vb1c, g));
    v4 vv = ADD(MUL(LOAD(v + j), vb2), MUL(MUL(vb2c, g), g));
    STORE(m + j, mm);
    STORE(v + j, vv);
    if (vmax) {
      vv = VMAX(LOAD(vmax + j), vv);
      STORE(vmax + j, vv);
    }
    v4 denom = ADD(DIV(wasm_f32x4_sqrt(vv), vbc), veps);
    STORE(param + j, ADD(p, DIV(MUL(vstep, mm), denom)));
  }
  for (; j < n; j++) {
    f32 g = grad[j], p = param[j];
    if (maximize) g = -g;
    if (wd != 0) {
      if (decoupled) p = p * lr_wd;
      else g = g + wd * p;
    }
    f32 mm = m[j] * beta1 + one_minus_beta1 * g;
    f32 vv = v[j] * beta2 + (one_minus_beta2 * g) * g;
    m[j] = mm;
    v[j] = vv;
    if (vmax) {
      vv = smax(vmax[j], vv);
      vmax[j] = vv;
    }
    f32 denom = __builtin_sqrtf(vv) / bc2sqrt + eps;
    param[j] = p + (neg_step * mm) / denom;
  }
}

// SGD with a momentum buffer (initialised by the caller): buf = momentum * buf + (1 - dampening) * d;
// d = nesterov ? d + momentum * buf : buf; param += -lr * d.
EXPORT(sgd_f32) void sgd_f32(int n, f32 *param, const f32 *grad, f32 *buf, f32 neg_lr, f32 wd, f32 momentum, f32 one_minus_dampening,
                             int nesterov, int maximize) {
  for (int j = 0; j < n; j++) {
    f32 d = grad[j];
    if (maximize) d = -d;
    if (wd != 0) d = d + wd * param[j];
    f32 b = buf[j] * momentum + one_minus_dampening * d;
    buf[j] = b;
    d = nesterov ? d + momentum * b : b;
    param[j] = param[j] + neg_lr * d;
  }
}
