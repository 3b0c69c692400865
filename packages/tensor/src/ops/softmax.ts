// softmax and logSoftmax along a dim: x.softmax(dim), torch.softmax, and nn.functional's forms (which
// call these). Composites of amax, exp, sum and log, so autograd differentiates them on every backend.
import { isFloating, parseDType, type DType } from '../dtype';
import { formatShape, normalizeDim } from '../shape';
import type { Tensor } from '../tensor';
import { nameGradFn, recordOp } from '../autograd-hook';
import { allocate } from './alloc';
import { fusedKernel } from './fused';

/** softmax's `dtype`: the dtype the input is cast to first. */
export interface SoftmaxOptions {
  /** The dtype the input is cast to before the op (PyTorch's `dtype=`); the result has it. */
  dtype?: DType;
}

/** The dim and options of `x.softmax(dim, { dtype })` or `x.softmax({ dim, dtype })`. */
export type SoftmaxArgs = [dim: number | (SoftmaxOptions & { dim: number }), options?: SoftmaxOptions];

/** Reads `(dim, options?)` or `({ dim, ...options })`. */
function softmaxArgs(op: string, args: readonly unknown[]): { dim: number; options: SoftmaxOptions } {
  const [first, second] = args;
  if (typeof first === 'object' && first !== null) {
    const { dim, ...options } = first as SoftmaxOptions & { dim?: number };
    if (second !== undefined) throw new TypeError(`${op}(): got the options object and then ${typeof second}; pass everything in one object: ${op}({ dim, dtype })`);
    return { dim: requireDim(op, dim), options };
  }
  return { dim: requireDim(op, first), options: (second ?? {}) as SoftmaxOptions };
}

/** The input cast to options.dtype, shifted by its (detached) max along dim, and the normalized dim. */
function shifted(op: string, input: Tensor, dim: number, options: SoftmaxOptions): [Tensor, number] {
  const x = options.dtype !== undefined && options.dtype !== input.dtype ? input.to(parseDType(options.dtype, op)) : input;
  if (!isFloating(x.dtype)) {
    throw new TypeError(`${op}: not implemented for dtype ${x.dtype} (shape ${formatShape(x.shape)}); pass { dtype: 'float32' } or call x.float() first`);
  }
  const d = normalizeDim(op, dim, x.ndim);
  // Subtracting the max keeps exp from overflowing; it changes neither the result nor its gradient.
  // An empty tensor has no max (and nothing to normalize).
  return [x.numel() === 0 ? x : x.sub(x.amax(d, true).detach()), d];
}

/** PyTorch's method and torch.softmax require the dim (only nn.functional's form has an implicit one). */
function requireDim(op: string, dim: unknown): number {
  if (dim === undefined || dim === null) {
    throw new TypeError(`${op}(): missing the required argument 'dim' (the dimension to normalize over), e.g. x.${op}(1) or x.${op}({ dim: 1 })`);
  }
  return dim as number;
}

/**
 * The device's fused softmax/log-softmax kernel, when it has one that takes x: one node for autograd
 * (SoftmaxBackward0 / LogSoftmaxBackward0, as PyTorch's). Null: compose it.
 */
function fused(op: 'softmax' | 'logSoftmax', input: Tensor, dim: number, options: SoftmaxOptions): Tensor | null {
  const kernel = fusedKernel(input.device, 'softmax');
  if (kernel === undefined || input.numel() === 0) return null;
  const x = options.dtype !== undefined && options.dtype !== input.dtype ? input.to(parseDType(options.dtype, op)) : input;
  if (!isFloating(x.dtype)) return null;
  const d = normalizeDim(op, dim, x.ndim);
  const out = allocate(x.shape, x.dtype, x.device, op, 'uninit');
  if (!kernel(x, d, op === 'logSoftmax', out)) {
    out.dispose();
    return null;
  }
  recordOp(op, [x], [out], { dim: d });
  return out;
}

/** exp(x) / sum(exp(x)) along dim, computed stably: x.softmax(dim, { dtype }), torch.softmax(x, dim). */
export function softmax(input: Tensor, ...args: SoftmaxArgs | []): Tensor {
  const { dim, options } = softmaxArgs('softmax', args);
  const viaKernel = fused('softmax', input, dim, options);
  if (viaKernel !== null) return viaKernel;
  const [z, d] = shifted('softmax', input, dim, options);
  const e = z.exp();
  return nameGradFn(e.div(e.sum(d, true)), 'SoftmaxBackward0');
}

/** x - logsumexp(x) along dim, computed stably: x.logSoftmax(dim, { dtype }), torch.logSoftmax(x, dim). */
export function logSoftmax(input: Tensor, ...args: SoftmaxArgs | []): Tensor {
  const { dim, options } = softmaxArgs('logSoftmax', args);
  const viaKernel = fused('logSoftmax', input, dim, options);
  if (viaKernel !== null) return viaKernel;
  const [z, d] = shifted('logSoftmax', input, dim, options);
  return nameGradFn(z.sub(z.exp().sum(d, true).log()), 'LogSoftmaxBackward0');
}
