// F.binaryCrossEntropy (on probabilities) and F.binaryCrossEntropyWithLogits (on logits).
import { bindArgs, broadcastShapes, checkData, defineSignature, formatShape, isFloating, nameGradFn, noGrad, type Tensor } from '@x/tensor';
import { reduce, reductionOf, sameShape, valuesIfSync, type LegacyReductionOptions } from './losses-common';

const BCE = defineSignature("nn.functional.binaryCrossEntropy(input: Tensor, target: Tensor, weight: Tensor | null = null, sizeAverage: boolean | null = null, reduce: boolean | null = null, reduction: Reduction = 'mean')", {
  doc: 'Binary cross entropy of probabilities.',
});
const BCE_LOGITS = defineSignature(
  "nn.functional.binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, weight: Tensor | null = null, sizeAverage: boolean | null = null, reduce: boolean | null = null, reduction: Reduction = 'mean', posWeight: Tensor | null = null)",
  { doc: 'Sigmoid and binary cross entropy in one stable step.' },
);

type Bound<O> = O & { input: Tensor; target: Tensor };
type Args<O> = [input: Tensor, target: Tensor, options?: O] | [options: Bound<O>] | [input: Tensor, target: Tensor, ...rest: unknown[]];

/** PyTorch's clamp of BCE's gradient denominator: a C++ float, so the same value for float64. */
const EPSILON = Math.fround(1e-12);

/** binaryCrossEntropy's options: `weight` and the reduction. */
export interface BCEOptions extends LegacyReductionOptions {
  /** A rescaling weight for each element, broadcast to the input's shape. */
  weight?: Tensor | null;
}

/** binaryCrossEntropyWithLogits's options: BCEOptions plus `posWeight` (PyTorch's `pos_weight`). */
export interface BCEWithLogitsOptions extends BCEOptions {
  /** The weight of positive examples, broadcast to the input's shape (e.g. one per class, [C]). */
  posWeight?: Tensor | null;
}

function checkFloatingPair(op: string, input: Tensor, target: Tensor): void {
  for (const [name, t] of [['input', input], ['target', target]] as const) {
    if (!isFloating(t.dtype)) {
      throw new TypeError(`${op}: Found dtype ${t.dtype} but expected a floating point ${name} (shape ${formatShape(t.shape)}); convert it with .float()`);
    }
  }
}

/** `w` cast to the input's dtype, checked to broadcast to `shape` (PyTorch expands it to the target's size). */
function weightFor(op: string, name: string, w: Tensor | null | undefined, input: Tensor): Tensor | null {
  if (!w) return null;
  let shape: number[] | null = null;
  try {
    shape = broadcastShapes(op, w.shape, input.shape);
  } catch {
    shape = null;
  }
  if (!shape || !sameShape(shape, input.shape)) {
    throw new RangeError(`${op}: the ${name} of shape ${formatShape(w.shape)} cannot be broadcast to the input's shape ${formatShape(input.shape)}`);
  }
  return w.dtype === input.dtype ? w : w.to(input.dtype);
}

/**
 * -w·(y·log(x) + (1-y)·log(1-x)), each log clamped at -100 as in PyTorch, so x = 0 or 1 gives a
 * finite loss (log(1-x) computed as PyTorch 1.13 does, not as log1p(-x)).
 * The input's gradient is PyTorch's w·(x-y)/max(x(1-x), 1e-12), finite at 0 and 1 where
 * differentiating the clamped logs would give NaN. It is attached as (x - x.detach())·g, exactly 0
 * in the forward pass, so a second derivative (createGraph) through the input is not PyTorch's.
 * The target (and weight) gradients are those of the clamped formula: at x = 0 or 1 the target's
 * is ±100·w where PyTorch gives ±inf.
 * On the CPU the input is checked to lie in [0, 1]; on an asynchronous device it is not read.
 */
export function binaryCrossEntropy(...args: Args<BCEOptions>): Tensor {
  const { input, target, ...options } = bindArgs<Bound<BCEOptions>>(BCE, args);
  const op = 'binaryCrossEntropy';
  const reduction = reductionOf(op, options);
  if (!sameShape(input.shape, target.shape)) {
    throw new RangeError(
      `${op}: Using a target size (${formatShape(target.shape)}) that is different to the input size (${formatShape(input.shape)}) is deprecated. ` +
        'Please ensure they have the same size.',
    );
  }
  checkFloatingPair(op, input, target);
  const w = weightFor(op, 'weight', options?.weight, input);
  const outOfRange = () =>
    new RangeError(`${op}: all elements of input should be between 0 and 1 (input ${formatShape(input.shape)}); apply torch.sigmoid first, or use binaryCrossEntropyWithLogits on the logits`);
  const values = valuesIfSync(input);
  if (values) {
    if (values.some((v) => !(v >= 0 && v <= 1))) throw outOfRange();
  } else {
    // On a device that cannot read now, the device checks, and its next read rejects with the error.
    noGrad(() => checkData(input.ge(0).logicalAnd(input.le(1)).logicalNot(), outOfRange));
  }
  const x = input.detach();
  const [logX, log1mX, gx] = noGrad(() => [
    x.log().clamp(-100),
    x.neg().add(1).log().clamp(-100), // log(1 - x) as PyTorch 1.13 (later versions use log1p(-x))
    x.sub(target.detach()).div(x.neg().add(1).mul(x).clamp(EPSILON)),
  ]);
  // (y - 1)·log(1-x) - y·log(x): the target and weight keep their gradients
  let loss = target.sub(1).mul(log1mX!).sub(target.mul(logX!));
  if (input.requiresGrad) loss = loss.add(input.sub(x).mul(gx!));
  if (w) loss = loss.mul(w);
  return nameGradFn(reduce(loss, reduction), 'BinaryCrossEntropyBackward0');
}

/** log(1 + exp(z)) as PyTorch 1.13 writes it: m + log(exp(-m) + exp(z - m)), m = max(z, 0); its gradient is sigmoid(z), 1/2 at 0. */
function softplus(z: Tensor): Tensor {
  const m = z.relu();
  return m.neg().exp().add(z.sub(m).exp()).log().add(m);
}

/**
 * -w·(p·y·log σ(x) + (1-y)·log(1-σ(x))) = w·(p·y·softplus(-x) + (1-y)·softplus(x)), stable for any x.
 * PyTorch 1.13's (1-y)·x + (1+(p-1)y)·softplus(-x) is the same function; written as a sum of two
 * softplus terms its gradient, w·((1-y)·σ(x) - p·y·σ(-x)), keeps full relative precision for
 * confident predictions instead of cancelling 1 - (1 - σ(x)).
 */
export function binaryCrossEntropyWithLogits(...args: Args<BCEWithLogitsOptions>): Tensor {
  const { input, target, ...options } = bindArgs<Bound<BCEWithLogitsOptions>>(BCE_LOGITS, args);
  const op = 'binaryCrossEntropyWithLogits';
  const reduction = reductionOf(op, options);
  if (!sameShape(input.shape, target.shape)) {
    throw new RangeError(`${op}: Target size (${formatShape(target.shape)}) must be the same as input size (${formatShape(input.shape)})`);
  }
  checkFloatingPair(op, input, target);
  const w = weightFor(op, 'weight', options?.weight, input);
  const p = weightFor(op, 'posWeight', options?.posWeight, input);
  const positive = softplus(input.neg()).mul(p ? target.mul(p) : target);
  let loss = softplus(input).mul(target.neg().add(1)).add(positive);
  if (w) loss = loss.mul(w);
  return nameGradFn(reduce(loss, reduction), 'BinaryCrossEntropyWithLogitsBackward0');
}
