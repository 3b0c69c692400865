// PyTorch's nll_loss and its gradient for log-probabilities [N, C] at int64 class targets [N] (the
// fused kernels Backend.fused.nllLoss/nllLossBackward): one pass over the N targets instead of the
// composition's dozen ops. float32 or float64, any strides, in the heap or not. The reduced forms
// sum as PyTorch 1.13's nll_loss_out_frame does (a cascade of partial sums, 16 samples a level), so a
// loss has PyTorch's bits, not only its value to rounding.
import type { TensorRef } from '@x/tensor';
import { dataOf } from '../storage';
import { fill } from './copy';

type Reduction = 'none' | 'sum' | 'mean';

/** PyTorch's cascade: 8 levels of partial sums, level j + 1 taking level j every 16^(j + 1) samples. */
const LEVELS = 8;
const LEVEL_POWER = 4; // max(4, ceil(log2 N) / 8): 4 for any N below 2^40

const identity = (x: number) => x;

/** The targets, or null when one is out of range (the composition raises PyTorch's error). */
function targetsOf(target: TensorRef, n: number, classes: number, ignoreIndex: number): number[] | null {
  const T = dataOf(target.storage);
  const out = new Array<number>(n);
  for (let i = 0, at = target.offset, st = target.strides[0] ?? 0; i < n; i++, at += st) {
    const v = T[at]!;
    if (v !== ignoreIndex && !(v >= 0 && v < classes)) return null;
    out[i] = v;
  }
  return out;
}

function operands(x: TensorRef, target: TensorRef, weight: TensorRef | null): { n: number; c: number } | null {
  if (x.shape.length !== 2 || target.shape.length !== 1 || target.dtype !== 'int64' || target.shape[0] !== x.shape[0]) return null;
  if ((x.dtype !== 'float32' && x.dtype !== 'float64') || (weight !== null && (weight.dtype !== x.dtype || weight.shape.length !== 1 || weight.shape[0] !== x.shape[1]))) return null;
  return { n: x.shape[0]!, c: x.shape[1]! };
}

/**
 * The summed losses -w[t]·logp[n, t] (with `value` null: 0) and the summed weights of the non-ignored
 * targets (their count without weights), in PyTorch's cascade order and rounding.
 */
function cascade(t: number[], ignoreIndex: number, weight: TensorRef | null, value: ((b: number, c: number) => number) | null, round: (x: number) => number): [loss: number, totalWeight: number] {
  const W = weight === null ? null : dataOf(weight.storage);
  const ws = weight?.strides[0] ?? 0;
  const loss = new Array<number>(LEVELS).fill(0);
  const wsum = new Array<number>(LEVELS).fill(0);
  let ignored = 0;
  for (let b = 0; b < t.length; b++) {
    const c = t[b]!;
    if (c === ignoreIndex) {
      ignored++;
      continue;
    }
    const x = value === null ? 0 : value(b, c);
    if (W !== null) {
      const w = W[weight!.offset + c * ws]!;
      loss[0] = round(loss[0]! - round(x * w));
      wsum[0] = round(wsum[0]! + w);
    } else {
      loss[0] = round(loss[0]! - x);
    }
    for (let j = 0; j + 1 < LEVELS; j++) {
      if ((b & (15 * 2 ** (j * LEVEL_POWER))) !== 0) break;
      wsum[j + 1] = round(wsum[j + 1]! + wsum[j]!);
      loss[j + 1] = round(loss[j + 1]! + loss[j]!);
      wsum[j] = 0;
      loss[j] = 0;
    }
  }
  let total = 0;
  for (const v of loss) total = round(total + v);
  let tw = 0;
  if (W === null) tw = round(t.length - ignored);
  else for (const v of wsum) tw = round(tw + v);
  return [total, tw];
}

export function nllLoss(logp: TensorRef, target: TensorRef, weight: TensorRef | null, ignoreIndex: number, reduction: Reduction, out: TensorRef): boolean {
  const dims = operands(logp, target, weight);
  if (dims === null || out.dtype !== logp.dtype) return false;
  const t = targetsOf(target, dims.n, dims.c, ignoreIndex);
  if (t === null) return false;
  const round = logp.dtype === 'float32' ? Math.fround : identity;
  const O = dataOf(out.storage);
  if (reduction === 'none') {
    const X = dataOf(logp.storage);
    const W = weight === null ? null : dataOf(weight.storage);
    const [s0, s1] = logp.strides as [number, number];
    const os = out.strides[0] ?? 0;
    for (let b = 0; b < dims.n; b++) {
      const c = t[b]!;
      O[out.offset + b * os] = c === ignoreIndex ? 0 : -(W === null ? X[logp.offset + b * s0 + c * s1]! : round(X[logp.offset + b * s0 + c * s1]! * W[weight!.offset + c * weight!.strides[0]!]!));
    }
    return true;
  }
  const X = dataOf(logp.storage);
  const [s0, s1] = logp.strides as [number, number];
  const [loss, totalWeight] = cascade(t, ignoreIndex, weight, (b, c) => X[logp.offset + b * s0 + c * s1]!, round);
  O[out.offset] = reduction === 'sum' ? loss : round(loss / totalWeight);
  return true;
}

export function nllLossBackward(grad: TensorRef, target: TensorRef, weight: TensorRef | null, ignoreIndex: number, reduction: Reduction, gradInput: TensorRef): boolean {
  const dims = operands(gradInput, target, weight);
  if (dims === null || grad.dtype !== gradInput.dtype || grad.shape.length !== (reduction === 'none' ? 1 : 0)) return false;
  const t = targetsOf(target, dims.n, dims.c, ignoreIndex);
  if (t === null) return false;
  const round = gradInput.dtype === 'float32' ? Math.fround : identity;
  const G = dataOf(grad.storage);
  const W = weight === null ? null : dataOf(weight.storage);
  const ws = weight?.strides[0] ?? 0;
  let scale = 0;
  if (reduction !== 'none') {
    const g = G[grad.offset]!;
    if (reduction === 'sum') scale = -g;
    // the summed weights, as the forward computed them
    else scale = -round(g / cascade(t, ignoreIndex, weight, null, round)[1]);
  }
  fill(gradInput, 0);
  const D = dataOf(gradInput.storage);
  const [s0, s1] = gradInput.strides as [number, number];
  const gs = grad.strides[0] ?? 0;
  for (let b = 0; b < dims.n; b++) {
    const c = t[b]!;
    if (c === ignoreIndex) continue;
    const g = reduction === 'none' ? -G[grad.offset + b * gs]! : scale;
    D[gradInput.offset + b * s0 + c * s1] = W === null ? g : round(W[weight!.offset + c * ws]! * g);
  }
  return true;
}
