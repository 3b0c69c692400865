// Activation functions (F.relu, F.gelu, F.softmax, ...), composed from @x/tensor ops so that
// autograd differentiates them and they run on every backend.
import { logSoftmax as torchLogSoftmax, nameGradFn, softmax as torchSoftmax, where, type SoftmaxOptions, type Tensor } from '@x/tensor';

/** max(x, 0); with inplace, x is overwritten (and returned) as PyTorch's relu_. */
export function relu(input: Tensor, inplace = false): Tensor {
  return inplace ? input.relu_() : input.relu();
}

export function relu_(input: Tensor): Tensor {
  return input.relu_();
}

/** Writes `result` into `input` for the `inplace` variants that have no in-place kernel. */
function maybeInPlace(input: Tensor, result: Tensor, inplace: boolean): Tensor {
  return inplace ? input.copy_(result) : result;
}

/** x for x > 0, negativeSlope * x otherwise (the gradient at 0 is negativeSlope, as PyTorch's). */
export function leakyRelu(input: Tensor, negativeSlope = 0.01, inplace = false): Tensor {
  return maybeInPlace(input, nameGradFn(where(input.gt(0), input, input.mul(negativeSlope)), 'LeakyReluBackward0'), inplace);
}

/** x for x > 0, alpha * (exp(x) - 1) otherwise. */
export function elu(input: Tensor, alpha = 1, inplace = false): Tensor {
  const positive = input.gt(0);
  // exp only sees the non-positive side: a large x would give inf there, and 0 * inf = NaN in the gradient.
  const negativePart = where(positive, 0, input).expm1().mul(alpha);
  return maybeInPlace(input, nameGradFn(where(positive, input, negativePart), 'EluBackward0'), inplace);
}

export type GeluApproximate = 'none' | 'tanh';

/** x * Φ(x) exactly (erf), or PyTorch's tanh approximation with approximate: 'tanh'. */
export function gelu(input: Tensor, options: { approximate?: GeluApproximate } | GeluApproximate = {}): Tensor {
  const approximate = typeof options === 'string' ? options : options.approximate ?? 'none';
  if (approximate === 'none') return nameGradFn(input.mul(0.5).mul(input.mul(Math.SQRT1_2).erf().add(1)), 'GeluBackward0');
  if (approximate === 'tanh') {
    const inner = input.add(input.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return nameGradFn(input.mul(0.5).mul(inner.tanh().add(1)), 'GeluBackward0');
  }
  throw new RangeError(`gelu: approximate argument must be either none or tanh, got '${String(approximate)}'`);
}

/** x * sigmoid(x) (also called swish). */
export function silu(input: Tensor, inplace = false): Tensor {
  return maybeInPlace(input, nameGradFn(input.mul(input.sigmoid()), 'SiluBackward0'), inplace);
}

export function sigmoid(input: Tensor): Tensor {
  return input.sigmoid();
}

export function tanh(input: Tensor): Tensor {
  return input.tanh();
}

/** PyTorch's choice when no dim is given (deprecated there): 0 for 0-, 1- and 3-d input, else 1. */
export function implicitSoftmaxDim(ndim: number): number {
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

/** exp(x) / sum(exp(x)) along dim (PyTorch's implicit dim when none is given): @x/tensor's softmax. */
export function softmax(input: Tensor, dim?: number | null, options: SoftmaxOptions = {}): Tensor {
  return torchSoftmax(input, dim ?? implicitSoftmaxDim(input.ndim), options);
}

/** x - logsumexp(x) along dim (PyTorch's implicit dim when none is given): @x/tensor's logSoftmax. */
export function logSoftmax(input: Tensor, dim?: number | null, options: SoftmaxOptions = {}): Tensor {
  return torchLogSoftmax(input, dim ?? implicitSoftmaxDim(input.ndim), options);
}
