// The Adam/AdamW update of one parameter: PyTorch 1.13's _single_tensor_adam(w), operation for
// operation (bias corrections in float64 on the host, the denominator as
// (exp_avg_sq.sqrt() / sqrt(bias_correction2)).add_(eps)).
import { fusedKernel, type Tensor, zerosLike } from '@x/tensor';
import { addcdiv_, addcmul_ } from './pointwise';
import { powInt } from './pow';

/** Adam's per-parameter state under PyTorch's names: `step`, `exp_avg`, `exp_avg_sq` (and `max_exp_avg_sq` with amsgrad). */
export interface AdamState {
  /** How many updates this parameter had (a number here; PyTorch 1.13 keeps a 0-d float32 tensor). */
  step: number;
  exp_avg: Tensor;
  exp_avg_sq: Tensor;
  /** Only with amsgrad. */
  max_exp_avg_sq?: Tensor;
}

export interface AdamHyper {
  lr: number;
  betas: readonly number[];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}

export function initAdamState(param: Tensor, amsgrad: boolean): AdamState {
  const state: AdamState = { step: 0, exp_avg: zerosLike(param), exp_avg_sq: zerosLike(param) };
  if (amsgrad) state.max_exp_avg_sq = zerosLike(param);
  return state;
}

/** The device's fused Adam kernel for one parameter, when it has one and takes these operands. */
function fusedAdam(param: Tensor, grad: Tensor, state: AdamState, h: AdamHyper, decoupled: boolean, stepSize: number, biasCorrection2Sqrt: number): boolean {
  const kernel = fusedKernel(param.device, 'adam');
  if (kernel === undefined || grad.dtype !== param.dtype || grad.device !== param.device || (h.amsgrad && state.max_exp_avg_sq === undefined)) return false;
  const [beta1, beta2] = h.betas as [number, number];
  const updated = [param, state.exp_avg, state.exp_avg_sq, ...(h.amsgrad ? [state.max_exp_avg_sq!] : [])];
  const handled = kernel({
    param, grad, expAvg: state.exp_avg, expAvgSq: state.exp_avg_sq, maxExpAvgSq: h.amsgrad ? state.max_exp_avg_sq! : null,
    lr: h.lr, beta1, beta2, eps: h.eps, weightDecay: h.weightDecay, decoupled, maximize: h.maximize, stepSize, biasCorrection2Sqrt,
  });
  // in-place writes: autograd's version counters move as the op-by-op path's would
  if (handled) for (const t of updated) t.storage.version++;
  return handled;
}

/** One step for `param`; `decoupled` is AdamW's weight decay (param *= 1 - lr * weightDecay). */
export function adamUpdate(param: Tensor, grad: Tensor, state: AdamState, h: AdamHyper, decoupled: boolean): void {
  const [beta1, beta2] = h.betas as [number, number];
  state.step += 1;
  const step = state.step;
  const biasCorrection1 = 1 - powInt(beta1, step); // Python's beta1 ** step, to the bit
  const biasCorrection2 = 1 - powInt(beta2, step);
  const stepSize = h.lr / biasCorrection1;
  const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
  // one pass on the device when it offers it; the composition below is the reference
  if (fusedAdam(param, grad, state, h, decoupled, stepSize, biasCorrection2Sqrt)) return;

  let g = h.maximize ? grad.neg() : grad;
  if (decoupled) param.mul_(1 - h.lr * h.weightDecay);
  else if (h.weightDecay !== 0) g = g.add(param, { alpha: h.weightDecay });

  state.exp_avg.mul_(beta1).add_(g, { alpha: 1 - beta1 });
  addcmul_(state.exp_avg_sq.mul_(beta2), g, g, 1 - beta2);

  let second = state.exp_avg_sq;
  if (h.amsgrad) {
    const max = state.max_exp_avg_sq;
    if (max === undefined) throw new Error('Adam: amsgrad is on but the state has no max_exp_avg_sq (a state dict saved without amsgrad?)');
    max.copy_(max.maximum(state.exp_avg_sq));
    second = max;
  }
  const denom = second.sqrt().div_(biasCorrection2Sqrt).add_(h.eps);
  addcdiv_(param, state.exp_avg, denom, -stepSize);
}

/** One step over a parameter group: Adam (decoupled false) and AdamW (true) differ only in the decay. */
export function adamStepGroup(state: Map<Tensor, AdamState>, params: Iterable<Tensor>, h: AdamHyper & { amsgrad: boolean }, decoupled: boolean): void {
  for (const param of params) {
    if (param.grad === null) continue;
    let s = state.get(param);
    if (s === undefined) {
      s = initAdamState(param, h.amsgrad);
      state.set(param, s);
    }
    adamUpdate(param, param.grad, s, h, decoupled);
  }
}
