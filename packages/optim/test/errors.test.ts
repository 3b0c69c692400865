// Errors: PyTorch's messages ("Invalid learning rate: -1"), then what to change.
import { describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import '@x/autograd';
import * as torch from '@x/tensor';
import * as optim from '../src/index';

const p = () => torch.tensor([1, 2], { dtype: 'float32', requiresGrad: true });

describe('parameter errors', () => {
  it('a Tensor instead of a list', () => {
    expect(() => new optim.SGD(p() as unknown as torch.Tensor[], { lr: 1 })).toThrow(
      /params argument given to the optimizer should be an iterable of Tensors or dicts, but got a Tensor; wrap it in an array/,
    );
  });
  it('not iterable', () => {
    expect(() => new optim.SGD(3 as unknown as torch.Tensor[], { lr: 1 })).toThrow(/should be an iterable of Tensors or dicts, but got number/);
  });
  it('an empty list', () => {
    expect(() => new optim.Adam([])).toThrow(/optimizer got an empty parameter list/);
  });
  it('something that is not a Tensor', () => {
    expect(() => new optim.SGD([p(), 3 as unknown as torch.Tensor], { lr: 1 })).toThrow(/optimizer can only optimize Tensors, but one of the params is number/);
  });
  it('a non-leaf tensor', () => {
    const y = p().mul(2);
    expect(() => new optim.SGD([y], { lr: 1 })).toThrow(/can't optimize a non-leaf Tensor \(shape \[2\], computed by MulBackward0\).*detach\(\)\.requiresGrad_\(\)/);
  });
  it('an integer tensor', () => {
    expect(() => new optim.SGD([torch.tensor([1, 2])], { lr: 1 })).toThrow(/only optimize Tensors of floating point dtype, but one of the params is int64; convert it with .float\(\)/);
  });
  it('a parameter in two groups', () => {
    const w = p();
    expect(() => new optim.SGD([{ params: [w] }, { params: [p(), w] }], { lr: 1 })).toThrow(/some parameters appear in more than one parameter group/);
  });
  it('a group whose params are not tensors', () => {
    expect(() => new optim.SGD([{ params: 5 as unknown as torch.Tensor }], { lr: 1 })).toThrow(/a param group's params must be a Tensor or an iterable of Tensors, got number/);
  });
});

describe('option errors', () => {
  it('SGD needs lr (PyTorch 1.13: a required argument)', () => {
    expect(() => new optim.SGD([p()])).toThrow(/parameter group didn't specify a value of required optimization parameter lr/);
    expect(new optim.SGD([{ params: [p()], lr: 0.1 }]).paramGroups[0]!.lr).toBe(0.1);
  });

  const cases: [string, () => unknown, RegExp][] = [
    ['SGD lr', () => new optim.SGD([p()], { lr: -1 }), /^Invalid learning rate: -1 \(SGD: lr must be >= 0\)$/],
    ['SGD momentum', () => new optim.SGD([p()], { lr: 1, momentum: -0.5 }), /Invalid momentum value: -0.5/],
    ['SGD weightDecay', () => new optim.SGD([p()], { lr: 1, weightDecay: -1 }), /Invalid weight_decay value: -1 \(SGD: weightDecay must be >= 0\)/],
    ['SGD nesterov without momentum', () => new optim.SGD([p()], { lr: 1, nesterov: true }), /Nesterov momentum requires a momentum and zero dampening/],
    ['SGD nesterov with dampening', () => new optim.SGD([p()], { lr: 1, nesterov: true, momentum: 0.9, dampening: 0.1 }), /Nesterov momentum requires a momentum and zero dampening/],
    ['SGD lr in a group', () => new optim.SGD([{ params: [p()], lr: -0.1 }], { lr: 1 }), /Invalid learning rate: -0.1/],
    ['SGD lr not a number', () => new optim.SGD([p()], { lr: '0.1' as unknown as number }), /SGD: option lr must be a number, got string/],
    ['Adam lr', () => new optim.Adam([p()], { lr: -1 }), /Invalid learning rate: -1/],
    ['Adam lr NaN', () => new optim.Adam([p()], { lr: NaN }), /Invalid learning rate: NaN/],
    ['Adam eps', () => new optim.Adam([p()], { eps: -1e-8 }), /Invalid epsilon value: -1e-8/],
    ['Adam beta 0', () => new optim.Adam([p()], { betas: [1, 0.999] }), /Invalid beta parameter at index 0: 1/],
    ['Adam beta 1', () => new optim.Adam([p()], { betas: [0.9, -0.1] }), /Invalid beta parameter at index 1: -0.1/],
    ['Adam betas shape', () => new optim.Adam([p()], { betas: [0.9] as unknown as [number, number] }), /option betas must be a pair of numbers/],
    ['Adam weightDecay', () => new optim.Adam([p()], { weightDecay: -1 }), /Invalid weight_decay value: -1/],
    ['Adam amsgrad', () => new optim.Adam([p()], { amsgrad: 1 as unknown as boolean }), /Adam: option amsgrad must be a boolean, got number/],
    ['AdamW lr', () => new optim.AdamW([p()], { lr: -1 }), /Invalid learning rate: -1 \(AdamW/],
    ['AdamW beta', () => new optim.AdamW([{ params: [p()], betas: [0.9, 1] }]), /Invalid beta parameter at index 1: 1/],
    ['RMSprop lr', () => new optim.RMSprop([p()], { lr: -1 }), /Invalid learning rate: -1/],
    ['RMSprop eps', () => new optim.RMSprop([p()], { eps: -1 }), /Invalid epsilon value: -1/],
    ['RMSprop momentum', () => new optim.RMSprop([p()], { momentum: -1 }), /Invalid momentum value: -1/],
    ['RMSprop weightDecay', () => new optim.RMSprop([p()], { weightDecay: -1 }), /Invalid weight_decay value: -1/],
    ['RMSprop alpha', () => new optim.RMSprop([p()], { alpha: -1 }), /Invalid alpha value: -1/],
  ];
  for (const [name, make, message] of cases) {
    it(name, () => expect(make).toThrow(message));
  }

  it('range errors are RangeErrors, type errors TypeErrors', () => {
    expect(() => new optim.SGD([p()], { lr: -1 })).toThrow(RangeError);
    expect(() => new optim.SGD([p()], { lr: 'x' as unknown as number })).toThrow(TypeError);
  });
});
