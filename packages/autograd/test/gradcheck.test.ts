// gradcheck: autograd's Jacobian against central differences in float64. It passes on composite
// functions, and it catches a wrong gradient (here, one cut by a detach() the numbers do not see).
import { describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import { gradcheck } from '../src/index';
import * as torch from '@x/tensor';

type Tensor = torch.Tensor;

torch.manualSeed(0);
const input = (...shape: number[]) => torch.randn(shape, { dtype: 'float64', requiresGrad: true });
/** Values away from zero, for divisions. */
const positive = (...shape: number[]) => torch.rand(shape, { dtype: 'float64' }).add(0.5).requiresGrad_();

describe('gradcheck passes on composite functions', () => {
  it('a polynomial of one input: x*x*x - 2x + 1, elementwise (a non-scalar output)', () => {
    expect(gradcheck((x) => x.mul(x).mul(x).sub(x.mul(2)).add(1), [input(2, 3)])).toBe(true);
  });

  it('broadcasting products and quotients, reduced over a dim: sum(a*b + a/b, 1)', () => {
    expect(gradcheck((a, b) => a.mul(b).add(a.div(b)).sum(1), [input(3, 4), positive(4)])).toBe(true);
  });

  it('a linear layer with a mean squared error: mean((x @ W^T + b - y)^2)', () => {
    const x = input(5, 3);
    const W = input(2, 3);
    const b = input(2);
    const y = input(5, 2);
    const mse = (x: Tensor, W: Tensor, b: Tensor, y: Tensor) => {
      const err = x.matmul(W.T).add(b).sub(y);
      return err.mul(err).mean();
    };
    expect(gradcheck(mse, [x, W, b, y])).toBe(true);
  });

  it('views in the middle: reshape, transpose, expand and a batched matmul', () => {
    const f = (a: Tensor, v: Tensor) => a.reshape(2, 3, 2).transpose(1, 2).matmul(v.view(1, 3, 1).expand(2, 3, 1)).sum([0, 2]);
    expect(gradcheck(f, [input(12), input(3)])).toBe(true);
  });

  it('the variance, a composition of reductions', () => {
    expect(gradcheck((x) => x.var(0), [input(4, 3)])).toBe(true);
  });

  it('an input the output does not use gets a zero Jacobian, which matches', () => {
    expect(gradcheck((x, _unused) => x.mul(3), [input(2), input(2)])).toBe(true);
  });

  it('leaves the inputs as they were and their .grad untouched', () => {
    const x = input(3);
    const before = Array.from(x.dataSync());
    gradcheck((x) => x.mul(x), [x]);
    expect(Array.from(x.dataSync())).toEqual(before);
    expect(x.grad).toBeNull();
  });
});

describe('gradcheck catches a wrong gradient', () => {
  it('x * x.detach(): autograd sees x, the numbers see 2x', () => {
    // torch.autograd.gradcheck(lambda x: x * x.detach(), x) -> "Jacobian mismatch for output 0 with respect to input 0"
    const x = input(3);
    expect(() => gradcheck((x) => x.mul(x.detach()), [x])).toThrow(/Jacobian mismatch for output 0 with respect to input 0/);
  });

  it('a detached branch in a two-input function names the input whose gradient is wrong', () => {
    const f = (a: Tensor, b: Tensor) => a.mul(b).add(b.detach().mul(b.detach())).sum();
    expect(() => gradcheck(f, [input(2), input(2)])).toThrow(/with respect to input 1/);
  });

  it('reports both values', () => {
    const x = torch.tensor([1.5], { dtype: 'float64', requiresGrad: true });
    // d/dx of x * x.detach() at 1.5: autograd 1.5, central differences 3
    let message = '';
    try {
      gradcheck((x) => x.mul(x.detach()), [x]);
    } catch (e) {
      message = (e as Error).message;
    }
    const [, numerical, analytical] = /numerical (\S+), analytical (\S+)$/.exec(message) ?? [];
    expect(Number(numerical)).toBeCloseTo(3, 6);
    expect(Number(analytical)).toBe(1.5);
  });
});

describe('gradcheck checks its inputs', () => {
  it('needs float64 tensors that require grad', () => {
    expect(() => gradcheck((x) => x.mul(2), [torch.randn([2], { requiresGrad: true })])).toThrow(/float64/);
    expect(() => gradcheck((x) => x.mul(2), [torch.randn([2], { dtype: 'float64' })])).toThrow(/requires grad/);
  });
});
