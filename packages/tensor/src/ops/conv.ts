// conv1d and conv2d (torch.nn.functional's), on the backend's conv2d primitives: conv1d runs as a
// conv2d over a unit height. Each call records one 'convolution' op of (input, weight, bias), whose
// gradients are the recorded convolutionBackwardInput/Weight ops below: the three are closed under
// differentiation, so second derivatives work too.
import { recordOp } from '../autograd-hook';
import { noGrad } from '../grad-mode';
import { getBackend } from '../registry';
import { formatShape } from '../shape';
import type { Tensor } from '../tensor';
import { allocate } from './alloc';
import { squeeze, unsqueeze } from './views';
import { checkBiasType, convOutputSize, planConv, type ConvOptions, type ConvPlan } from './conv/plan';

export type { ConvOptions, ConvPlan } from './conv/plan';

/** F.conv2d: input [N, C, H, W] or [C, H, W], weight [Cout, C / groups, kh, kw], bias [Cout]. */
export function conv2d(input: Tensor, weight: Tensor, bias?: Tensor | null, options: ConvOptions = {}): Tensor {
  return convNd('conv2d', 2, input, weight, bias ?? null, options);
}

/** F.conv1d: input [N, C, L] or [C, L], weight [Cout, C / groups, k], bias [Cout]. */
export function conv1d(input: Tensor, weight: Tensor, bias?: Tensor | null, options: ConvOptions = {}): Tensor {
  return convNd('conv1d', 1, input, weight, bias ?? null, options);
}

function convNd(op: string, n: 1 | 2, input: Tensor, weight: Tensor, bias: Tensor | null, options: ConvOptions): Tensor {
  checkBiasType(op, input, bias);
  if (input.ndim !== n + 1 && input.ndim !== n + 2) {
    throw new RangeError(`${op}: Expected ${n + 1}D (unbatched) or ${n + 2}D (batched) input to ${op}, but got input of size: ${formatShape(input.shape)}`);
  }
  // An unbatched input is a batch of one, squeezed back after, as PyTorch does.
  const batched = input.ndim === n + 2;
  const x = batched ? input : unsqueeze(input, 0);
  const out = convolution(x, weight, bias, planConv(op, n, x, weight, bias, options));
  return batched ? out : squeeze(out, 0);
}

/** A [N, C, L] tensor as [N, C, 1, L] for the 2-D kernels (an internal view, not recorded). */
const as2d = (t: Tensor, plan: ConvPlan): Tensor => (plan.spatial === 1 ? noGrad(() => unsqueeze(t, 2)) : t);
const shape2d = (shape: readonly number[], plan: ConvPlan): number[] => (plan.spatial === 1 ? [shape[0]!, shape[1]!, 1, shape[2]!] : [...shape]);
const fromShape2d = (t: Tensor, plan: ConvPlan): Tensor => (plan.spatial === 1 ? noGrad(() => squeeze(t, 2)) : t);

/**
 * The convolution of batched x with weight (plus bias) under a checked plan; records 'convolution'.
 * @internal autograd plumbing for @x/autograd and backends (not part of the user API).
 */
export function convolution(x: Tensor, weight: Tensor, bias: Tensor | null, plan: ConvPlan): Tensor {
  const x2 = as2d(x, plan);
  const w2 = as2d(weight, plan);
  const outShape = [
    x2.shape[0]!,
    w2.shape[0]!,
    convOutputSize(x2.shape[2]!, plan.padding[0], plan.paddingEnd[0], w2.shape[2]!, plan.stride[0], plan.dilation[0]),
    convOutputSize(x2.shape[3]!, plan.padding[1], plan.paddingEnd[1], w2.shape[3]!, plan.stride[1], plan.dilation[1]),
  ];
  const result = noGrad(() => {
    // the kernel writes every output element (Backend.conv2d): no zero fill
    const out = allocate(outShape, x.dtype, x.device, 'conv2d', 'uninit');
    if (out.numel() > 0) getBackend(x.device).conv2d(x2, w2, bias, plan, out);
    return fromShape2d(out, plan);
  });
  recordOp('convolution', [x, weight, bias], [result], { plan });
  return result;
}

/**
 * The gradient of a convolution with respect to its input, of `inputShape` (torch.nn.grad.conv2d_input).
 * @internal autograd plumbing for @x/autograd and backends (not part of the user API).
 */
export function convolutionBackwardInput(gradOut: Tensor, weight: Tensor, inputShape: readonly number[], plan: ConvPlan): Tensor {
  const result = noGrad(() => {
    const out = allocate(shape2d(inputShape, plan), gradOut.dtype, gradOut.device, 'conv2d backward');
    if (out.numel() > 0) getBackend(gradOut.device).conv2dBackwardInput(as2d(gradOut, plan), as2d(weight, plan), plan, out);
    return fromShape2d(out, plan);
  });
  recordOp('convolutionBackwardInput', [gradOut, weight], [result], { plan });
  return result;
}

function weightGrads(x: Tensor, gradOut: Tensor, weightShape: readonly number[], plan: ConvPlan, withBias: boolean): [Tensor, Tensor | null] {
  return noGrad(() => {
    const out = allocate(shape2d(weightShape, plan), gradOut.dtype, gradOut.device, 'conv2d backward');
    const bias = withBias ? allocate([weightShape[0]!], gradOut.dtype, gradOut.device, 'conv2d backward') : null;
    if (out.numel() > 0 || (bias !== null && bias.numel() > 0)) {
      getBackend(gradOut.device).conv2dBackwardWeight(as2d(x, plan), as2d(gradOut, plan), plan, out, bias);
    }
    return [fromShape2d(out, plan), bias];
  });
}

/**
 * The gradient of a convolution with respect to its weight, of `weightShape` (torch.nn.grad.conv2d_weight).
 * @internal autograd plumbing for @x/autograd and backends (not part of the user API).
 */
export function convolutionBackwardWeight(x: Tensor, gradOut: Tensor, weightShape: readonly number[], plan: ConvPlan): Tensor {
  const [result] = weightGrads(x, gradOut, weightShape, plan, false);
  recordOp('convolutionBackwardWeight', [x, gradOut], [result], { plan });
  return result;
}

/**
 * The weight and bias gradients in one pass over gradOut. Not recorded (the bias gradient is a second
 * output): for backward passes that build no graph; with createGraph, use convolutionBackwardWeight
 * and gradOut.sum(...).
 * @internal autograd plumbing for @x/autograd and backends (not part of the user API).
 */
export function convolutionBackwardWeightBias(x: Tensor, gradOut: Tensor, weightShape: readonly number[], plan: ConvPlan): [Tensor, Tensor] {
  const [weight, bias] = weightGrads(x, gradOut, weightShape, plan, true);
  return [weight, bias!];
}
