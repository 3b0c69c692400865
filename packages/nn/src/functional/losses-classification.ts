// F.crossEntropy and F.nllLoss: class-index targets (int64, with weight, ignoreIndex and label
// smoothing) and, for crossEntropy, class-probability targets. Inputs are [C] (one sample, 0-d
// target), [N, C] or [N, C, d1, ...] (one class score per position, target [N, d1, ...]). Built from
// gather, masks and sums, so the shapes never depend on the data (ignored targets are masked, not
// removed) and the gradients come from autograd.
import { bindArgs, checkData, defineSignature, emptyForKernel, formatShape, fusedKernel, isFloating, nameGradFn, noGrad, recordOp, where, type DType, type Tensor } from '@x/tensor';
import { sameShape, valuesIfSync, reductionOf, type LegacyReductionOptions, type Reduction } from './losses-common';

const NLL = defineSignature(
  "nn.functional.nllLoss(input: Tensor, target: Tensor, weight: Tensor | null = null, sizeAverage: boolean | null = null, ignoreIndex: number = -100, reduce: boolean | null = null, reduction: Reduction = 'mean')",
  { doc: 'The negative log-likelihood of log-probabilities at class-index targets.' },
);
const CROSS_ENTROPY = defineSignature(
  "nn.functional.crossEntropy(input: Tensor, target: Tensor, weight: Tensor | null = null, sizeAverage: boolean | null = null, ignoreIndex: number = -100, reduce: boolean | null = null, reduction: Reduction = 'mean', labelSmoothing: number = 0.0)",
  { doc: 'logSoftmax then NLL: logits against class indices or class probabilities.' },
);

type Bound<O> = O & { input: Tensor; target: Tensor };
type Args<O> = [input: Tensor, target: Tensor, options?: O] | [options: Bound<O>] | [input: Tensor, target: Tensor, ...rest: unknown[]];
import { logSoftmax } from './activation';

/** nllLoss's options: `weight`, `ignoreIndex` (PyTorch's `ignore_index`) and the reduction. */
export interface NLLLossOptions extends LegacyReductionOptions {
  /** A weight for each class, [C]. A mean divides by the sum of the weights of the non-ignored targets. */
  weight?: Tensor | null;
  /** Targets equal to this give no loss and no gradient (default -100). */
  ignoreIndex?: number;
}

/** crossEntropy's options: NLLLossOptions plus `labelSmoothing` (PyTorch's `label_smoothing`). */
export interface CrossEntropyOptions extends NLLLossOptions {
  /** Mixes the target with the uniform distribution: (1 - ε)·target + ε/C (default 0). */
  labelSmoothing?: number;
}

/** PyTorch's names of the dtypes in "expected scalar type Long but found Float". */
const SCALAR_TYPE: Record<DType, string> = { float32: 'Float', float64: 'Double', int32: 'Int', int64: 'Long', uint8: 'Byte', bool: 'Bool' };

const classDimOf = (input: Tensor) => (input.ndim === 1 ? 0 : 1);

/** `weight` as [C] of the input's dtype, or a PyTorch error. */
function classWeight(op: string, weight: Tensor | null | undefined, input: Tensor, prefix = ''): Tensor | null {
  if (!weight) return null;
  const c = input.shape[classDimOf(input)]!;
  if (weight.ndim !== 1 || weight.numel() !== c) {
    throw new RangeError(
      `${op}: ${prefix}weight tensor should be defined either for all ${c} classes or no classes but got weight tensor of shape: ${formatShape(weight.shape)} ` +
        `(input ${formatShape(input.shape)} has ${c} classes along dim ${classDimOf(input)})`,
    );
  }
  return weight.dtype === input.dtype ? weight : weight.to(input.dtype);
}

/** The weight [C] reshaped to broadcast along the class dim of `input` ([1, C, 1, ...]). */
function classWeightView(w: Tensor, input: Tensor): Tensor {
  if (input.ndim === 1) return w;
  return w.reshape(input.shape.map((s, i) => (i === 1 ? s : 1)));
}

/** PyTorch's shape checks of nll_loss_nd (and of nll_loss / nll_loss2d behind it), in its order. */
function checkClassShapes(op: string, input: Tensor, target: Tensor): void {
  const shapes = `(input ${formatShape(input.shape)}, target ${formatShape(target.shape)})`;
  if (input.ndim < 1) throw new RangeError(`${op}: Expected 1 or more dimensions (got ${input.ndim}) ${shapes}`);
  if (input.ndim !== 1 && input.shape[0] !== (target.shape[0] ?? 0)) {
    throw new RangeError(
      `${op}: Expected input batch_size (${input.shape[0]}) to match target batch_size (${target.shape[0] ?? 0}). ` +
        `The input is [N, C, ...] and the target [N, ...] ${shapes}`,
    );
  }
  if (input.ndim <= 2) {
    if (target.ndim > 1) throw new RangeError(`${op}: 0D or 1D target tensor expected, multi-target not supported ${shapes}`);
    if (!(input.ndim === 1 && target.ndim === 0) && input.shape[0] !== target.shape[0]) {
      throw new RangeError(`${op}: size mismatch (got input: ${formatShape(input.shape)}, target: ${formatShape(target.shape)}); a single sample [C] takes a 0-d target`);
    }
  } else if (input.ndim === 4) {
    if (target.ndim !== 3) {
      throw new RangeError(`${op}: only batches of spatial targets supported (3D tensors) but got targets of dimension: ${target.ndim} ${shapes}`);
    }
    if (input.shape[2] !== target.shape[1] || input.shape[3] !== target.shape[2]) {
      throw new RangeError(`${op}: size mismatch (got input: ${formatShape(input.shape)} , target: ${formatShape(target.shape)}); the target must be [N, H, W] for an input [N, C, H, W]`);
    }
  } else {
    const expected = [input.shape[0]!, ...input.shape.slice(2)];
    if (!sameShape(expected, target.shape)) throw new RangeError(`${op}: Expected target size ${formatShape(expected)}, got ${formatShape(target.shape)} (input ${formatShape(input.shape)})`);
  }
}

interface ClassTargets {
  /** target != ignoreIndex (bool, target's shape). */
  valid: Tensor;
  /** The target with ignored entries replaced by class 0, so that gather stays in range. */
  safe: Tensor;
  /** weight[target] (1 without a weight), 0 where ignored; input's dtype, target's shape. */
  weights: Tensor;
}

/** PyTorch's checks of class-index targets against the input: shapes, then the int64 dtype. */
function checkClassTargets(op: string, input: Tensor, target: Tensor): void {
  checkClassShapes(op, input, target);
  if (target.dtype !== 'int64') {
    throw new TypeError(
      `${op}: expected scalar type Long but found ${SCALAR_TYPE[target.dtype]}: class-index targets must be int64 ` +
        `(got target ${formatShape(target.shape)} ${target.dtype} for input ${formatShape(input.shape)}); use target.long()` +
        (isFloating(target.dtype) && op === 'crossEntropy' ? `, or give class probabilities of the input's shape ${formatShape(input.shape)}` : ''),
    );
  }
}

function classTargets(op: string, input: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number): ClassTargets {
  checkClassTargets(op, input, target);
  const c = input.shape[classDimOf(input)]!;
  const outOfBounds = (v?: number) =>
    new RangeError(`${op}: Target ${v} is out of bounds. (input ${formatShape(input.shape)} has ${c} classes, 0 to ${c - 1}; ignoreIndex is ${ignoreIndex})`);
  const values = valuesIfSync(target);
  if (values) {
    for (const v of values) if (v !== ignoreIndex && !(v >= 0 && v < c)) throw outOfBounds(v);
  } else {
    // On a device that cannot read now, the device checks, and its next read rejects with the error.
    const bad = noGrad(() => target.ne(ignoreIndex).logicalAnd(target.lt(0).logicalOr(target.ge(c))));
    checkData(bad, outOfBounds, target);
  }
  const valid = target.ne(ignoreIndex);
  const safe = target.maskedFill(valid.logicalNot(), 0);
  const weights = weight ? where(valid, weight.gather(0, safe.reshape(-1)).reshape(target.shape), 0) : valid.to(input.dtype);
  return { valid, safe, weights };
}

/**
 * nll_loss of logp [N, C] at int64 targets [N] through the device's fused kernel (one node,
 * NllLossBackward0, with PyTorch's formula and summation order), or null: compose it. The targets
 * are checked already but for their range, which the kernel checks (false: the composition raises
 * PyTorch's error). A weight that requires grad takes the composition, which differentiates it.
 */
function fusedNll(logp: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number, reduction: Reduction): Tensor | null {
  const kernel = fusedKernel(logp.device, 'nllLoss');
  if (kernel === undefined || logp.ndim !== 2 || target.ndim !== 1 || target.device !== logp.device) return null;
  if (weight !== null && (weight.requiresGrad || weight.device !== logp.device || weight.dtype !== logp.dtype)) return null;
  const out = emptyForKernel(reduction === 'none' ? [logp.shape[0]!] : [], logp.dtype, logp.device);
  if (!kernel(logp, target, weight, ignoreIndex, reduction, out)) {
    out.dispose();
    return null;
  }
  recordOp('nllLoss', [logp, target, weight], [out], { ignoreIndex, reduction });
  return out;
}

/** The negative log-likelihood of `logp` at the targets, reduced as PyTorch's nll_loss. */
function nll(logp: Tensor, t: ClassTargets, reduction: Reduction): Tensor {
  const dim = classDimOf(logp);
  const picked = logp.gather(dim, t.safe.unsqueeze(dim)).squeeze(dim);
  // where, not a product: an ignored position's picked value may be -inf
  const loss = where(t.valid, picked.neg().mul(t.weights), 0);
  const out = reduction === 'none' ? loss : reduction === 'sum' ? loss.sum() : loss.sum().div(t.weights.sum()); // all ignored: 0/0 = NaN, as in PyTorch
  return nameGradFn(out, 'NllLossBackward0');
}

function ignoreIndexOf(op: string, options: NLLLossOptions | undefined): number {
  const ignoreIndex = options?.ignoreIndex ?? -100;
  if (!Number.isInteger(ignoreIndex)) throw new TypeError(`${op}: ignoreIndex must be an integer, got ${ignoreIndex}`);
  return ignoreIndex;
}

/**
 * The negative log-likelihood loss: -weight[t]·input[n, t] for each target t (input holds
 * log-probabilities, e.g. from logSoftmax). Target out of range: checked when the target is on the
 * CPU ("Target 10 is out of bounds."); on an asynchronous device it is not read, and such a target
 * gives an undefined result.
 */
export function nllLoss(...args: Args<NLLLossOptions>): Tensor {
  const { input, target, ...options } = bindArgs<Bound<NLLLossOptions>>(NLL, args);
  const op = 'nllLoss';
  const reduction = reductionOf(op, options);
  const ignoreIndex = ignoreIndexOf(op, options);
  if (input.ndim > 0 && !isFloating(input.dtype)) {
    throw new TypeError(`${op}: expected floating point log-probabilities, got ${input.dtype} (input ${formatShape(input.shape)}); use input.float()`);
  }
  const w = classWeight(op, options?.weight, input);
  checkClassTargets(op, input, target);
  const viaKernel = fusedNll(input, target, w, ignoreIndex, reduction);
  if (viaKernel !== null) return viaKernel;
  const t = classTargets(op, input, target, w, ignoreIndex);
  return nll(input, t, reduction);
}

/**
 * Cross entropy of logits `input` against class indices (int64, shape [N, d1, ...] or 0-d) or class
 * probabilities (floating, the input's shape), as PyTorch 1.13's cross_entropy: logSoftmax along
 * dim 1 (dim 0 for an unbatched [C] input), then the NLL; label smoothing and weights combine as
 * PyTorch does (a weighted mean over class indices divides by the summed weights of the non-ignored
 * targets; over probabilities, by the number of samples).
 */
export function crossEntropy(...args: Args<CrossEntropyOptions>): Tensor {
  const { input, target, ...options } = bindArgs<Bound<CrossEntropyOptions>>(CROSS_ENTROPY, args);
  const op = 'crossEntropy';
  const reduction = reductionOf(op, options);
  const ignoreIndex = ignoreIndexOf(op, options);
  const smoothing = options?.labelSmoothing ?? 0;
  if (input.ndim === 0) throw new RangeError(`${op}: Expected 1 or more dimensions (got 0) (input [], target ${formatShape(target.shape)})`);
  if (!isFloating(input.dtype)) throw new TypeError(`${op}: expected floating point logits, got ${input.dtype} (input ${formatShape(input.shape)}); use input.float()`);
  if (smoothing > 1) throw new RangeError(`${op}: label_smoothing must be between 0.0 and 1.0. Got: ${smoothing}`);
  const dim = classDimOf(input);
  const c = input.shape[dim]!;
  if (sameShape(input.shape, target.shape)) {
    // Same shape: class probabilities.
    if (!isFloating(target.dtype)) {
      throw new TypeError(
        `${op}: Expected floating point type for target with class probabilities, got ${SCALAR_TYPE[target.dtype]} ` +
          `(target ${formatShape(target.shape)} ${target.dtype}); class indices have no class dim: [N] for an input [N, C]`,
      );
    }
    if (ignoreIndex >= 0) throw new RangeError(`${op}: ignore_index is not supported for floating point target`);
    const w = classWeight(op, options?.weight, input, 'cross_entropy: ');
    const logp = logSoftmax(input, dim);
    const p = smoothing > 0 ? target.mul(1 - smoothing).add(smoothing / c) : target;
    let prod = logp.mul(p);
    if (w) prod = prod.mul(classWeightView(w, input));
    if (reduction === 'none') return prod.sum(dim).neg();
    const total = prod.sum().neg();
    return reduction === 'sum' ? total : total.div(input.numel() / c); // empty: -0/0 = NaN
  }
  const w = classWeight(op, options?.weight, input);
  let fusedLogp: Tensor | null = null;
  if (!(smoothing > 0)) {
    checkClassTargets(op, input, target);
    fusedLogp = logSoftmax(input, dim);
    const viaKernel = fusedNll(fusedLogp, target, w, ignoreIndex, reduction);
    if (viaKernel !== null) return viaKernel;
  }
  const t = classTargets(op, input, target, w, ignoreIndex);
  const logp = fusedLogp ?? logSoftmax(input, dim);
  const loss = nll(logp, t, reduction);
  if (!(smoothing > 0)) return loss; // PyTorch ignores a negative labelSmoothing
  // The uniform part: -Σ_c w_c·logp_c per position, 0 where ignored.
  let smooth = (w ? logp.mul(classWeightView(w, input)) : logp).sum(dim).neg();
  smooth = where(t.valid, smooth, 0);
  if (reduction === 'sum') smooth = smooth.sum();
  else if (reduction === 'mean') smooth = smooth.sum().div(t.weights.sum());
  return loss.mul(1 - smoothing).add(smooth.mul(smoothing / c));
}
