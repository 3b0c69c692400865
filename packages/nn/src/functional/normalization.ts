// F.batchNorm and F.layerNorm, composed from mean/var so that autograd differentiates them.
import { bindArgs, defineSignature, nameGradFn, noGrad, type Tensor } from '@x/tensor';

const BATCH_NORM = defineSignature(
  'nn.functional.batchNorm(input: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, weight: Tensor | null = null, bias: Tensor | null = null, training: boolean = false, momentum: number | Tensor = 0.1, eps: number = 1e-5): Tensor',
  { doc: 'Per-channel normalisation of [N, C, ...] input (batch statistics when training, updating the running ones).' },
);
const LAYER_NORM = defineSignature(
  'nn.functional.layerNorm(input: Tensor, normalizedShape: number | number[], weight: Tensor | null = null, bias: Tensor | null = null, eps: number = 1e-5): Tensor',
  { doc: 'Normalisation over the last dims (normalizedShape) of each sample.' },
);

const shapeText = (s: readonly number[]) => `[${s.join(', ')}]`;

/** batchNorm's options: `weight`, `bias`, `training`, `momentum`, `eps`. */
export interface BatchNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  /** Use the batch's statistics (and update the running ones, when given). Default false. */
  training?: boolean;
  /** Weight of the new batch in the running averages; a 0-d tensor works too (cumulative averages). */
  momentum?: number | Tensor;
  eps?: number;
}

/** PyTorch's _verify_batch_size: batch statistics need two values per channel. */
function verifyBatchSize(input: Tensor): void {
  const perChannel = input.shape.reduce((a, s, i) => (i === 1 ? a : a * s), 1);
  if (perChannel === 1) {
    throw new RangeError(
      `batch_norm: Expected more than 1 value per channel when training, got input size torch.Size(${shapeText(input.shape)}); use a batch of 2 or more, or eval mode`,
    );
  }
}

function checkChannels(op: string, what: string, t: Tensor | null | undefined, channels: number): void {
  if (t && t.numel() !== channels) {
    throw new RangeError(`${op}: ${what} should contain ${channels} elements not ${t.numel()} (the input's dim 1 has ${channels} channels; ${what} has shape ${shapeText(t.shape)})`);
  }
}

/**
 * Normalises each channel (dim 1) of [N, C, ...] input: with the batch's statistics when training
 * (updating runningMean/runningVar in place with the unbiased variance), with the running ones otherwise.
 * `F.batchNorm(x, rm, rv, weight, bias, training, momentum, eps)` or `F.batchNorm(x, rm, rv, { weight, ... })`.
 */
export function batchNorm(input: Tensor, runningMean: Tensor | null | undefined, runningVar: Tensor | null | undefined, weight?: Tensor | null, bias?: Tensor | null, training?: boolean, momentum?: number | Tensor, eps?: number): Tensor;
export function batchNorm(input: Tensor, runningMean: Tensor | null | undefined, runningVar: Tensor | null | undefined, options: BatchNormOptions): Tensor;
export function batchNorm(options: BatchNormOptions & { input: Tensor; runningMean: Tensor | null; runningVar: Tensor | null }): Tensor;
export function batchNorm(...args: unknown[]): Tensor {
  const { input, runningMean, runningVar, ...o } = bindArgs<BatchNormOptions & { input: Tensor; runningMean: Tensor | null; runningVar: Tensor | null }>(BATCH_NORM, args);
  const isTraining = o.training ?? false;
  const m = o.momentum ?? 0.1;
  const epsilon = o.eps ?? 1e-5;
  if (input.ndim < 2) throw new RangeError(`batch_norm: expected an input of shape [N, C, ...] with at least 2 dims, got ${shapeText(input.shape)}`);
  const channels = input.shape[1]!;
  checkChannels('batch_norm', 'running_mean', runningMean, channels);
  checkChannels('batch_norm', 'running_var', runningVar, channels);
  checkChannels('batch_norm', 'weight', o.weight, channels);
  checkChannels('batch_norm', 'bias', o.bias, channels);
  const statShape = input.shape.map((s, i) => (i === 1 ? s : 1));
  let mean: Tensor;
  let variance: Tensor;
  if (isTraining || !runningMean || !runningVar) {
    if (isTraining) verifyBatchSize(input);
    const dims = input.shape.map((_, i) => i).filter((i) => i !== 1);
    mean = input.mean(dims, true);
    variance = input.var(dims, { correction: 0, keepdim: true });
    if (isTraining && runningMean && runningVar) {
      const n = input.numel() / channels;
      noGrad(() => {
        const keep = typeof m === 'number' ? 1 - m : m.neg().add(1);
        runningMean.mul_(keep).add_(mean.detach().reshape(runningMean.shape).mul(m));
        // the running variance is the unbiased estimate, as in PyTorch
        runningVar.mul_(keep).add_(variance.detach().reshape(runningVar.shape).mul(n / (n - 1)).mul(m));
      });
    }
  } else {
    mean = runningMean.reshape(statShape);
    variance = runningVar.reshape(statShape);
  }
  let y = input.sub(mean).mul(variance.add(epsilon).rsqrt());
  if (o.weight) y = y.mul(o.weight.reshape(statShape));
  if (o.bias) y = y.add(o.bias.reshape(statShape));
  return nameGradFn(y, 'NativeBatchNormBackward0', input);
}

/** layerNorm's options: `weight`, `bias`, `eps`. */
export interface LayerNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  eps?: number;
}

/** Checks that input ends with normalizedShape (PyTorch's message); returns the normalised dims. */
export function layerNormDims(input: Tensor, normalizedShape: readonly number[]): number[] {
  const k = normalizedShape.length;
  const tail = input.shape.slice(input.ndim - k);
  if (k === 0 || input.ndim < k || tail.some((s, i) => s !== normalizedShape[i])) {
    throw new RangeError(
      `layer_norm: Given normalized_shape=${shapeText(normalizedShape)}, expected input with shape [*, ${normalizedShape.join(', ')}], but got input of size${shapeText(input.shape)}`,
    );
  }
  return normalizedShape.map((_, i) => input.ndim - k + i);
}

/**
 * Normalises over the last dims (normalizedShape) of each sample, with the biased variance.
 * `F.layerNorm(x, [10], weight, bias, eps)` or `F.layerNorm(x, [10], { weight, bias, eps })`.
 */
export function layerNorm(input: Tensor, normalizedShape: number | readonly number[], weight?: Tensor | null, bias?: Tensor | null, eps?: number): Tensor;
export function layerNorm(input: Tensor, normalizedShape: number | readonly number[], options: LayerNormOptions): Tensor;
export function layerNorm(options: LayerNormOptions & { input: Tensor; normalizedShape: number | readonly number[] }): Tensor;
export function layerNorm(...args: unknown[]): Tensor {
  const { input, normalizedShape, ...o } = bindArgs<LayerNormOptions & { input: Tensor; normalizedShape: number | readonly number[] }>(LAYER_NORM, args);
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
  const dims = layerNormDims(input, shape);
  for (const [what, t] of [['weight', o.weight], ['bias', o.bias]] as const) {
    if (t && (t.ndim !== shape.length || t.shape.some((s, i) => s !== shape[i]))) {
      throw new RangeError(`layer_norm: Expected ${what} to be of same shape as normalized_shape, but got ${what} of shape ${shapeText(t.shape)} and normalized_shape = ${shapeText(shape)}`);
    }
  }
  const mean = input.mean(dims, true);
  const variance = input.var(dims, { correction: 0, keepdim: true });
  let y = input.sub(mean).mul(variance.add(o.eps ?? 1e-5).rsqrt());
  if (o.weight) y = y.mul(o.weight);
  if (o.bias) y = y.add(o.bias);
  return nameGradFn(y, 'NativeLayerNormBackward0', input);
}
