// Gradients of convolution, pooling and pad: first derivatives against central differences
// (gradcheck, float64), second derivatives through createGraph (a gradient is itself differentiated),
// PyTorch's node names, and a small CNN that learns. The values against PyTorch's are in the
// conformance suite (fixtures nn-conv and nn-pool).
import { describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import { grad, gradcheck } from '../src/index';
import * as torch from '@x/tensor';

type Tensor = torch.Tensor;

torch.manualSeed(0);
const input = (...shape: number[]) => torch.randn(shape, { dtype: 'float64', requiresGrad: true });
/** Distinct, well separated values: the argmax of a max pool stays put under the finite differences. */
const distinct = (...shape: number[]) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return torch.randperm(n).to('float64').mul(0.1).reshape(shape).requiresGrad_();
};

describe('first derivatives against central differences', () => {
  it('conv2d: input, weight and bias, with stride, padding, dilation and groups', () => {
    const f = (x: Tensor, w: Tensor, b: Tensor) => torch.conv2d(x, w, b, { stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 2 });
    expect(gradcheck(f, [input(2, 4, 5, 6), input(4, 2, 2, 3), input(4)])).toBe(true);
  });

  it("conv2d: 'same' padding with an even kernel, and an unbatched input", () => {
    expect(gradcheck((x, w) => torch.conv2d(x, w, null, { padding: 'same' }), [input(1, 2, 4, 5), input(3, 2, 2, 4)])).toBe(true);
    expect(gradcheck((x, w, b) => torch.conv2d(x, w, b, { padding: 1 }), [input(2, 3, 4), input(2, 2, 3, 3), input(2)])).toBe(true);
  });

  it('conv1d: depthwise, strided', () => {
    expect(gradcheck((x, w, b) => torch.conv1d(x, w, b, { groups: 3, stride: 2, padding: 1 }), [input(2, 3, 7), input(6, 1, 3), input(6)])).toBe(true);
  });

  it('maxPool2d with padding, dilation and ceil mode', () => {
    expect(gradcheck((x) => torch.maxPool2d(x, 3, { stride: 2, padding: 1, dilation: [1, 2], ceilMode: true }), [distinct(1, 2, 7, 8)])).toBe(true);
    expect(gradcheck((x) => torch.maxPool2d(x, 2), [distinct(2, 5, 4)])).toBe(true);
  });

  it('avgPool2d: padding counted or not, ceil mode, a divisor override', () => {
    const x = input(1, 2, 6, 7);
    expect(gradcheck((t) => torch.avgPool2d(t, 3, { stride: 2, padding: 1, ceilMode: true }), [x])).toBe(true);
    expect(gradcheck((t) => torch.avgPool2d(t, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }), [x])).toBe(true);
    expect(gradcheck((t) => torch.avgPool2d(t, [2, 3], { divisorOverride: 4 }), [x])).toBe(true);
  });

  it('adaptiveAvgPool2d to sizes that do not divide the input', () => {
    expect(gradcheck((x) => torch.adaptiveAvgPool2d(x, [3, 4]), [input(2, 2, 5, 7)])).toBe(true);
  });

  it('pad in every mode, negative amounts included', () => {
    const x = input(1, 2, 4, 5);
    expect(gradcheck((t) => torch.pad(t, [1, -2, 2, 1], { value: 3 }), [x])).toBe(true);
    for (const mode of ['reflect', 'replicate', 'circular'] as const) {
      expect(gradcheck((t) => torch.pad(t, [2, 1, -1, 3], { mode }), [x])).toBe(true);
    }
  });
});

describe('second derivatives (createGraph)', () => {
  /**
   * The gradient of sum(f(...)^2) with respect to input `i`, as a differentiable function of the
   * inputs (grad mode on even where gradcheck evaluates it under noGrad).
   */
  const gradOf = (f: (...t: Tensor[]) => Tensor, i: number) => (...t: Tensor[]) =>
    torch.enableGrad(() => grad(f(...t).pow(2).sum(), [t[i]!], { createGraph: true })[0]!);

  it('conv2d: the input and weight gradients are differentiable in both input and weight', () => {
    const f = (x: Tensor, w: Tensor, b: Tensor) => torch.conv2d(x, w, b, { stride: 2, padding: 1, groups: 2 });
    const args = () => [input(1, 4, 5, 5), input(4, 2, 3, 3), input(4)];
    expect(gradcheck(gradOf(f, 0), args())).toBe(true);
    expect(gradcheck(gradOf(f, 1), args())).toBe(true);
    expect(gradcheck(gradOf(f, 2), args())).toBe(true);
  });

  it('conv1d with padding same', () => {
    const f = (x: Tensor, w: Tensor) => torch.conv1d(x, w, null, { padding: 'same' });
    expect(gradcheck(gradOf(f, 1), [input(2, 2, 6), input(3, 2, 4)])).toBe(true);
  });

  it('pools and pad', () => {
    expect(gradcheck(gradOf((x) => torch.maxPool2d(x, 2, { stride: 1 }), 0), [distinct(1, 1, 4, 4)])).toBe(true);
    expect(gradcheck(gradOf((x) => torch.avgPool2d(x, 3, { stride: 2, padding: 1 }), 0), [input(1, 1, 5, 5)])).toBe(true);
    expect(gradcheck(gradOf((x) => torch.adaptiveAvgPool2d(x, 3), 0), [input(1, 1, 5, 4)])).toBe(true);
    expect(gradcheck(gradOf((x) => torch.pad(x, [1, 2], { mode: 'reflect' }), 0), [input(1, 2, 4)])).toBe(true);
  });

  it('a gradient penalty through a conv net, as in WGAN-GP: backward through the gradient', () => {
    const x = input(2, 1, 6, 6);
    const w = input(3, 1, 3, 3);
    const out = torch.maxPool2d(torch.conv2d(x, w, null, { padding: 1 }).tanh(), 2).sum();
    const [gx] = grad(out, [x], { createGraph: true });
    gx!.pow(2).sum().backward();
    expect(w.grad).not.toBeNull();
    expect(w.grad!.abs().sum().itemSync()).toBeGreaterThan(0);
  });
});

describe('nodes are named as in PyTorch', () => {
  const x = torch.randn([1, 2, 4, 4], { requiresGrad: true });
  const cases: [string, () => Tensor][] = [
    ['ConvolutionBackward0', () => torch.conv2d(x, torch.randn(3, 2, 3, 3))],
    ['ConvolutionBackward0', () => torch.conv1d(x.at(0), torch.randn(3, 4, 3))],
    ['MaxPool2DWithIndicesBackward0', () => torch.maxPool2d(x, 2)],
    ['AvgPool2DBackward0', () => torch.avgPool2d(x, 2)],
    ['AdaptiveAvgPool2DBackward0', () => torch.adaptiveAvgPool2d(x, 3)],
    ['ConstantPadNdBackward0', () => torch.pad(x, [1, 1])],
    ['ReflectionPad2DBackward0', () => torch.pad(x, [1, 1, 1, 1], { mode: 'reflect' })],
    ['ReplicationPad1DBackward0', () => torch.pad(x.at(0), [1, 1], { mode: 'replicate' })],
  ];
  for (const [name, f] of cases) it(name, () => expect(f().gradFn?.name).toBe(name));

  it('the conv gradients are recorded only when a graph of the gradient is wanted', () => {
    const w = torch.randn([3, 2, 3, 3], { requiresGrad: true });
    const [gx] = grad(torch.conv2d(x, w).sum(), [x]);
    expect(gx!.gradFn).toBeNull();
    const [gx2] = grad(torch.conv2d(x, w).pow(2).sum(), [x], { createGraph: true });
    expect(gx2!.gradFn?.name).toBe('ConvolutionBackwardBackward0');
  });
});

it('a small CNN learns a synthetic task (conv, relu, max pool, avg pool, linear)', () => {
  torch.manualSeed(1);
  // class 1 images have a bright 3x3 blob in the top-left quadrant, class 0 in the bottom-right
  const n = 32;
  const labels = torch.randint(0, 2, [n]);
  const images = torch.randn([n, 1, 12, 12]).mul(0.3);
  const lab = labels.tolistSync() as number[];
  lab.forEach((c, i) => (c === 1 ? images.set([i, 0, '1:4', '1:4'], 2) : images.set([i, 0, '8:11', '8:11'], 2)));
  const w1 = torch.randn([4, 1, 3, 3]).mul(0.3).requiresGrad_();
  const b1 = torch.zeros([4], { requiresGrad: true });
  const w2 = torch.randn([2, 4 * 3 * 3]).mul(0.3).requiresGrad_();
  const forward = () => {
    const h = torch.maxPool2d(torch.conv2d(images, w1, b1, { padding: 1 }).relu(), 2);
    return torch.avgPool2d(h, 2).reshape(n, -1).matmul(w2.T);
  };
  const loss = () => {
    const logits = forward();
    return logits.logsumexp(1).sub(logits.gather(1, labels.unsqueeze(1)).squeeze(1)).mean();
  };
  const first = loss().itemSync() as number;
  for (let step = 0; step < 30; step++) {
    const l = loss();
    for (const p of [w1, b1, w2]) p.grad = null;
    l.backward();
    torch.noGrad(() => [w1, b1, w2].forEach((p) => p.sub_(p.grad!.mul(0.5))));
  }
  const last = loss().itemSync() as number;
  expect(last).toBeLessThan(first * 0.3);
  const predicted = forward().argmax(1);
  expect(predicted.eq(labels).float().mean().itemSync()).toBeGreaterThan(0.9);
});
