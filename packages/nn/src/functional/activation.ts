// Activation functions (F.relu, F.gelu, F.softmax, ...), composed from @x/tensor ops so that
// autograd differentiates them and they run on every backend.
import { bindArgs, defineSignature, logSoftmax as torchLogSoftmax, nameGradFn, softmax as torchSoftmax, where, type DType, type SoftmaxOptions, type Tensor } from '@x/tensor';

const sig = (text: string, doc: string) => defineSignature(`nn.functional.${text}`, { doc });
const RELU = sig('relu(input: Tensor, inplace: boolean = false): Tensor', 'max(x, 0).');
const RELU_ = sig('relu_(input: Tensor): Tensor', 'max(x, 0), in place.');
const LEAKY_RELU = sig('leakyRelu(input: Tensor, negativeSlope: number = 0.01, inplace: boolean = false): Tensor', 'x for x > 0, negativeSlope * x otherwise.');
const ELU = sig('elu(input: Tensor, alpha: number = 1.0, inplace: boolean = false): Tensor', 'x for x > 0, alpha * (exp(x) - 1) otherwise.');
const GELU = sig("gelu(input: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor", 'x * Φ(x), or its tanh approximation.');
const SILU = sig('silu(input: Tensor, inplace: boolean = false): Tensor', 'x * sigmoid(x).');
const SIGMOID = sig('sigmoid(input: Tensor): Tensor', '1 / (1 + exp(-x)).');
const TANH = sig('tanh(input: Tensor): Tensor', 'tanh(x).');
const SOFTMAX = sig('softmax(input: Tensor, dim: number | null = null, dtype?: DType): Tensor', 'exp(x) / sum(exp(x)) along dim.');
const LOG_SOFTMAX = sig('logSoftmax(input: Tensor, dim: number | null = null, dtype?: DType): Tensor', 'x - logsumexp(x) along dim.');

type WithInput<O> = O & { input: Tensor };
type Inplace = { inplace?: boolean };

/** max(x, 0); with inplace, x is overwritten (and returned) as PyTorch's relu_. */
export function relu(input: Tensor, inplace?: boolean | Inplace): Tensor;
export function relu(options: WithInput<Inplace>): Tensor;
export function relu(...args: unknown[]): Tensor {
  const { input, inplace } = bindArgs<{ input: Tensor; inplace: boolean }>(RELU, args);
  return inplace ? input.relu_() : input.relu();
}

/** relu in place (PyTorch's `F.relu_`). */
export function relu_(input: Tensor): Tensor;
export function relu_(...args: unknown[]): Tensor {
  return bindArgs<{ input: Tensor }>(RELU_, args).input.relu_();
}

/** Writes `result` into `input` for the `inplace` variants that have no in-place kernel. */
function maybeInPlace(input: Tensor, result: Tensor, inplace: boolean): Tensor {
  return inplace ? input.copy_(result) : result;
}

/** x for x > 0, negativeSlope * x otherwise (the gradient at 0 is negativeSlope, as PyTorch's). */
export function leakyRelu(input: Tensor, negativeSlope?: number, inplace?: boolean): Tensor;
export function leakyRelu(input: Tensor, options: Inplace & { negativeSlope?: number }): Tensor;
export function leakyRelu(options: WithInput<Inplace & { negativeSlope?: number }>): Tensor;
export function leakyRelu(...args: unknown[]): Tensor {
  const { input, negativeSlope, inplace } = bindArgs<{ input: Tensor; negativeSlope: number; inplace: boolean }>(LEAKY_RELU, args);
  return maybeInPlace(input, nameGradFn(where(input.gt(0), input, input.mul(negativeSlope)), 'LeakyReluBackward0'), inplace);
}

/** x for x > 0, alpha * (exp(x) - 1) otherwise. */
export function elu(input: Tensor, alpha?: number, inplace?: boolean): Tensor;
export function elu(input: Tensor, options: Inplace & { alpha?: number }): Tensor;
export function elu(options: WithInput<Inplace & { alpha?: number }>): Tensor;
export function elu(...args: unknown[]): Tensor {
  const { input, alpha, inplace } = bindArgs<{ input: Tensor; alpha: number; inplace: boolean }>(ELU, args);
  const positive = input.gt(0);
  // exp only sees the non-positive side: a large x would give inf there, and 0 * inf = NaN in the gradient.
  const negativePart = where(positive, 0, input).expm1().mul(alpha);
  return maybeInPlace(input, nameGradFn(where(positive, input, negativePart), 'EluBackward0'), inplace);
}

/** GELU's `approximate`: `'none'` (exact, erf) or `'tanh'`. */
export type GeluApproximate = 'none' | 'tanh';

/** x * Φ(x) exactly (erf), or PyTorch's tanh approximation with approximate: 'tanh'. */
export function gelu(input: Tensor, approximate?: GeluApproximate | { approximate?: GeluApproximate }): Tensor;
export function gelu(options: WithInput<{ approximate?: GeluApproximate }>): Tensor;
export function gelu(...args: unknown[]): Tensor {
  const { input, approximate } = bindArgs<{ input: Tensor; approximate: GeluApproximate }>(GELU, args);
  if (approximate === 'none') return nameGradFn(input.mul(0.5).mul(input.mul(Math.SQRT1_2).erf().add(1)), 'GeluBackward0');
  if (approximate === 'tanh') {
    const inner = input.add(input.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return nameGradFn(input.mul(0.5).mul(inner.tanh().add(1)), 'GeluBackward0');
  }
  throw new RangeError(`gelu: approximate argument must be either none or tanh, got '${String(approximate)}'`);
}

/** x * sigmoid(x) (also called swish). */
export function silu(input: Tensor, inplace?: boolean | Inplace): Tensor;
export function silu(options: WithInput<Inplace>): Tensor;
export function silu(...args: unknown[]): Tensor {
  const { input, inplace } = bindArgs<{ input: Tensor; inplace: boolean }>(SILU, args);
  return maybeInPlace(input, nameGradFn(input.mul(input.sigmoid()), 'SiluBackward0'), inplace);
}

/** 1 / (1 + exp(-x)), elementwise (PyTorch's `F.sigmoid`). */
export function sigmoid(input: Tensor): Tensor;
export function sigmoid(...args: unknown[]): Tensor {
  return bindArgs<{ input: Tensor }>(SIGMOID, args).input.sigmoid();
}

/** tanh, elementwise (PyTorch's `F.tanh`). */
export function tanh(input: Tensor): Tensor;
export function tanh(...args: unknown[]): Tensor {
  return bindArgs<{ input: Tensor }>(TANH, args).input.tanh();
}

/** PyTorch's choice when no dim is given (deprecated there): 0 for 0-, 1- and 3-d input, else 1. */
export function implicitSoftmaxDim(ndim: number): number {
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

type SoftmaxArgs = { input: Tensor; dim: number | null; dtype?: DType };

/** exp(x) / sum(exp(x)) along dim (PyTorch's implicit dim when none is given): @x/tensor's softmax. `F.softmax(x, { dim: 1 })`. */
export function softmax(input: Tensor, dim?: number | null, options?: SoftmaxOptions): Tensor;
export function softmax(input: Tensor, options: SoftmaxOptions & { dim?: number | null }): Tensor;
export function softmax(options: SoftmaxOptions & { input: Tensor; dim?: number | null }): Tensor;
export function softmax(...args: unknown[]): Tensor {
  const { input, dim, dtype } = bindArgs<SoftmaxArgs>(SOFTMAX, args);
  return torchSoftmax(input, dim ?? implicitSoftmaxDim(input.ndim), { dtype });
}

/** x - logsumexp(x) along dim (PyTorch's implicit dim when none is given): @x/tensor's logSoftmax. `F.logSoftmax(x, { dim: 1 })`. */
export function logSoftmax(input: Tensor, dim?: number | null, options?: SoftmaxOptions): Tensor;
export function logSoftmax(input: Tensor, options: SoftmaxOptions & { dim?: number | null }): Tensor;
export function logSoftmax(options: SoftmaxOptions & { input: Tensor; dim?: number | null }): Tensor;
export function logSoftmax(...args: unknown[]): Tensor {
  const { input, dim, dtype } = bindArgs<SoftmaxArgs>(LOG_SOFTMAX, args);
  return torchLogSoftmax(input, dim ?? implicitSoftmaxDim(input.ndim), { dtype });
}
