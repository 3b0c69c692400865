// F.dropout: zeroes each element with probability p (drawn from the global generator, so
// torch.manualSeed makes it reproducible) and scales the rest by 1/(1-p).
import { bindArgs, defineSignature, emptyLike, isFloating, zerosLike, type Tensor } from '@x/tensor';

const DROPOUT = defineSignature('nn.functional.dropout(input: Tensor, p: number = 0.5, training: boolean = true, inplace: boolean = false): Tensor', {
  doc: 'Zeroes elements with probability p (when training), scaling the rest by 1 / (1 - p).',
});

/** Dropout's options: `p`, `training`, `inplace`. */
export interface DropoutOptions {
  p?: number;
  training?: boolean;
  inplace?: boolean;
}

export function checkDropoutProbability(p: number, op = 'dropout'): void {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new RangeError(`${op}: dropout probability has to be between 0 and 1, but got ${String(p)}`);
  }
}

/** `F.dropout(x, 0.5, this.training)` or `F.dropout(x, { p: 0.5, training: this.training })`. */
export function dropout(input: Tensor, p?: number, training?: boolean, inplace?: boolean): Tensor;
export function dropout(input: Tensor, options: DropoutOptions): Tensor;
export function dropout(input: Tensor, p: number, options: Omit<DropoutOptions, 'p'>): Tensor;
export function dropout(options: DropoutOptions & { input: Tensor }): Tensor;
export function dropout(...args: unknown[]): Tensor {
  const { input, ...opts } = bindArgs<Required<DropoutOptions> & { input: Tensor }>(DROPOUT, args);
  const p = opts.p;
  checkDropoutProbability(p);
  // As PyTorch: the input itself when nothing is dropped.
  if (p === 0 || !(opts.training ?? true) || input.numel() === 0) return input;
  if (!isFloating(input.dtype)) {
    throw new TypeError(`dropout: expected a floating point input, got ${input.dtype} (shape [${input.shape.join(', ')}]); call x.float() first`);
  }
  // As PyTorch's CPU kernel: noise = bernoulli_(1 - p) / (1 - p) (so the same seed drops the same elements);
  // p = 1 multiplies by zeros (NaN stays NaN, as in PyTorch)
  const noise = p === 1 ? zerosLike(input) : emptyLike(input).bernoulli_(1 - p).div_(1 - p);
  return opts.inplace ?? false ? input.mul_(noise) : input.mul(noise);
}
