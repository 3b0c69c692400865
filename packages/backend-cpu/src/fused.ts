// Fused kernels (the device contract's `fused` hook) on the SIMD kernels for float32 operands in the
// heap: each returns false for anything else (another dtype, a strided view, memory outside the
// heap), and the front end composes the op from primitives instead (the reference these are tested
// against).
import type { AdamStep, FusedKernels, SgdStep, TensorRef } from '@x/tensor';
import { isContiguous } from '@x/tensor';
import { dataOf } from './storage';
import { RELU_GRAD_CODE, simd } from './wasm/module';
import { heapPtr } from './kernels/simd-layout';
import { simdMatmul } from './kernels/simd-matmul';
import { nllLoss, nllLossBackward } from './kernels/nll';
import { COST, overRange } from './split-threads';

const numel = (r: TensorRef) => r.shape.reduce((p, q) => p * q, 1);

/** The heap address of a contiguous float32 view, or -1. */
function f32Ptr(r: TensorRef | null): number {
  if (r === null || r.dtype !== 'float32' || !isContiguous(r.shape, r.strides)) return -1;
  return heapPtr(r);
}

/** Rows and columns of a contiguous view reduced along its last dim, or null for another dim. */
function lastDimRows(x: TensorRef, dim: number): [number, number] | null {
  const nd = x.shape.length;
  const d = dim < 0 ? dim + nd : dim;
  const cols = nd === 0 ? 1 : x.shape[nd - 1]!;
  // any dim after `d` must have size 1 for `d` to be the contiguous one
  for (let i = d + 1; i < nd; i++) if (x.shape[i] !== 1) return null;
  const c = nd === 0 ? 1 : x.shape[d]!;
  const n = numel(x);
  if (c === 0 || n === 0) return null;
  return [n / c, d === nd - 1 ? cols : c];
}

export const fused: FusedKernels = {
  softmax(x, dim, log, out) {
    const k = simd();
    const rc = lastDimRows(x, dim);
    const px = f32Ptr(x);
    const po = f32Ptr(out);
    if (k === null || rc === null || px < 0 || po < 0) return false;
    const cols = rc[1];
    overRange('softmax_f32', rc[0], cols * COST.softmax, 1, [rc[0], cols, px, po, log ? 1 : 0], 0, [[2, 4 * cols], [3, 4 * cols]]);
    return true;
  },

  softmaxBackward(y, grad, dim, log, gradInput) {
    const k = simd();
    const rc = lastDimRows(y, dim);
    const [py, pg, po] = [f32Ptr(y), f32Ptr(grad), f32Ptr(gradInput)];
    if (k === null || rc === null || py < 0 || pg < 0 || po < 0) return false;
    const cols = rc[1];
    overRange('softmax_backward_f32', rc[0], cols * COST.softmaxBackward, 1, [rc[0], cols, py, pg, po, log ? 1 : 0], 0, [[2, 4 * cols], [3, 4 * cols], [4, 4 * cols]]);
    return true;
  },

  reluBackward(y, grad, gradInput) {
    const k = simd();
    const [py, pg, po] = [f32Ptr(y), f32Ptr(grad), f32Ptr(gradInput)];
    const n = numel(y);
    if (k === null || py < 0 || pg < 0 || po < 0 || numel(grad) !== n || numel(gradInput) !== n) return false;
    overRange('binary_f32', n, COST.binary, 16, [RELU_GRAD_CODE, 1, n, pg, 0, 1, py, 0, 1, po, 0], 2, [[3, 4], [6, 4], [9, 4]]);
    return true;
  },

  addmm(a, b, out) {
    // out contiguous: no row or element of it aliases another (add_ refuses such a target too)
    if (a.shape.length !== 2 || b.shape.length !== 2 || out.shape.length !== 2 || !isContiguous(out.shape, out.strides)) return false;
    if (a.storage === out.storage || b.storage === out.storage) return false;
    return simdMatmul(a, b, out, null, false, true);
  },

  linear(x, weight, bias, relu, out) {
    if (x.shape.length !== 2 || weight.shape.length !== 2) return false;
    const wt: TensorRef = { storage: weight.storage, dtype: weight.dtype, offset: weight.offset, shape: [weight.shape[1]!, weight.shape[0]!], strides: [weight.strides[1]!, weight.strides[0]!] };
    return simdMatmul(x, wt, out, bias, relu);
  },

  crossEntropy(logits, target, weight, ignoreIndex, out) {
    const k = simd();
    if (k === null || logits.shape.length !== 2 || target.dtype !== 'int64' || !isContiguous(target.shape, target.strides)) return false;
    const [N, C] = logits.shape as [number, number];
    const [px, po] = [f32Ptr(logits), f32Ptr(out)];
    const pw = weight === null ? 0 : f32Ptr(weight);
    const pt = heapPtr(target);
    if (px < 0 || po < 0 || pw < 0 || pt < 0 || C === 0) return false;
    // out-of-range targets: the composition raises PyTorch's error
    const t = dataOf(target.storage);
    for (let i = 0; i < N; i++) {
      const v = t[target.offset + i]!;
      if (v !== ignoreIndex && !(v >= 0 && v < C)) return false;
    }
    k.cross_entropy_f32(N, C, px, pt, pw, Number.isInteger(ignoreIndex) && Math.abs(ignoreIndex) < 2 ** 31 ? ignoreIndex : -(2 ** 31), po);
    return true;
  },

  nllLoss,
  nllLossBackward,

  adam(s: AdamStep) {
    const k = simd();
    const n = numel(s.param);
    const ptrs = [s.param, s.grad, s.expAvg, s.expAvgSq].map(f32Ptr);
    const pmax = s.maxExpAvgSq === null ? 0 : f32Ptr(s.maxExpAvgSq);
    if (k === null || ptrs.some((p) => p < 0) || pmax < 0) return false;
    if ([s.grad, s.expAvg, s.expAvgSq, s.maxExpAvgSq].some((r) => r !== null && numel(r) !== n)) return false;
    const args = [
      n, ...ptrs, pmax, 1 - s.lr * s.weightDecay, s.weightDecay, s.beta1, 1 - s.beta1,
      s.beta2, 1 - s.beta2, s.biasCorrection2Sqrt, s.eps, -s.stepSize, s.decoupled ? 1 : 0, s.maximize ? 1 : 0,
    ];
    overRange('adam_f32', n, COST.optimizer, 4, args, 0, [[1, 4], [2, 4], [3, 4], [4, 4], [5, pmax === 0 ? 0 : 4]]);
    return true;
  },

  sgd(s: SgdStep) {
    const k = simd();
    const n = numel(s.param);
    const ptrs = [s.param, s.grad, s.momentumBuffer].map(f32Ptr);
    if (k === null || ptrs.some((p) => p < 0) || numel(s.grad) !== n || numel(s.momentumBuffer) !== n) return false;
    const args = [n, ...ptrs, -s.lr, s.weightDecay, s.momentum, 1 - s.dampening, s.nesterov ? 1 : 0, s.maximize ? 1 : 0];
    overRange('sgd_f32', n, COST.optimizer, 4, args, 0, [[1, 4], [2, 4], [3, 4]]);
    return true;
  },
};
