// Gradient rules of the unary elementwise ops, as PyTorch's derivatives.yaml writes them (same
// formula and order of operations, so NaN, infinities and zeros come out as PyTorch's do).
import { emptyForKernel, fusedKernel, isGradEnabled, where, zerosLike, type Tensor } from '@x/tensor';
import { defineRules, type Rule } from './registry';
import { toInput } from './elementwise';

/** A rule whose backward is `f(grad, saved)`, saving the op's input or its output. */
function from(name: string, saves: 'input' | 'output', f: (g: Tensor, t: Tensor) => Tensor): Rule {
  return {
    name,
    save: (inputs, output) => [saves === 'input' ? inputs[0]! : output],
    backward: (a) => [toInput(a, 0, f(a.grad, a.saved[0]!))],
  };
}

/** Piecewise-constant ops: PyTorch gives zeros (positive zeros, whatever the sign of grad). */
function zero(name: string): Rule {
  return { name, backward: (a) => [toInput(a, 0, zerosLike(a.grad))] };
}

/**
 * threshold_backward(grad, result, 0): no gradient where the output is <= 0 (so none at 0); the
 * device's fused kernel when it has one (not under createGraph: a double backward differentiates the composition).
 */
function reluBackward(g: Tensor, y: Tensor): Tensor {
  const kernel = fusedKernel(y.device, 'reluBackward');
  if (kernel !== undefined && !isGradEnabled() && g.dtype === y.dtype && g.device === y.device && sameShape(g.shape, y.shape)) {
    const out = emptyForKernel(y.shape, y.dtype, y.device);
    if (kernel(y, g, out)) return out;
    out.dispose();
  }
  return where(y.le(0), 0, g);
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((s, i) => s === b[i]);

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

defineRules({
  neg: { name: 'NegBackward0', backward: (a) => [toInput(a, 0, a.grad.neg())] },
  // sign(0) = 0: abs has gradient 0 at 0 (and at NaN, where PyTorch's sign is 0 too)
  abs: from('AbsBackward0', 'input', (g, x) => g.mul(x.sign())),
  sign: zero('SignBackward0'),
  exp: from('ExpBackward0', 'output', (g, y) => g.mul(y)),
  log: from('LogBackward0', 'input', (g, x) => g.div(x)),
  log1p: from('Log1PBackward0', 'input', (g, x) => g.div(x.add(1))),
  expm1: from('Expm1Backward0', 'output', (g, y) => g.mul(y.add(1))),
  // 1 / (2 sqrt(x)): inf at 0, as PyTorch
  sqrt: from('SqrtBackward0', 'output', (g, y) => g.div(y.mul(2))),
  rsqrt: from('RsqrtBackward0', 'output', (g, y) => g.mul(-0.5).mul(y.pow(3))),
  sin: from('SinBackward0', 'input', (g, x) => g.mul(x.cos())),
  cos: from('CosBackward0', 'input', (g, x) => g.mul(x.sin().neg())),
  tanh: from('TanhBackward0', 'output', (g, y) => g.mul(y.mul(y).neg().add(1))),
  sigmoid: from('SigmoidBackward0', 'output', (g, y) => g.mul(y.neg().add(1)).mul(y)),
  relu: from('ReluBackward0', 'output', reluBackward),
  floor: zero('FloorBackward0'),
  ceil: zero('CeilBackward0'),
  round: zero('RoundBackward0'),
  trunc: zero('TruncBackward0'),
  reciprocal: from('ReciprocalBackward0', 'output', (g, y) => g.neg().mul(y.mul(y))),
  erf: from('ErfBackward0', 'input', (g, x) => x.pow(2).neg().exp().mul(TWO_OVER_SQRT_PI).mul(g)),
});
