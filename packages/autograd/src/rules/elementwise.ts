// Gradient rules of elementwise ops. Broadcast operands get their gradient summed back to their
// shape; a JS-number operand (null input) gets none.
import type { Tensor } from '@x/tensor';
import { defineRules, type RuleArgs } from './registry';
import { sumToShape } from './reduce-grad';

/** The gradient `g` of input i, reduced to that input's shape and cast to its dtype. */
export function toInput(args: RuleArgs, i: number, g: Tensor): Tensor | null {
  const m = args.inputs[i];
  if (!m || !args.needs[i]) return null;
  const r = sumToShape(g, m.shape);
  return r.dtype === m.dtype ? r : r.to(m.dtype);
}

/** The value of operand i: its saved tensor, or the JS number recorded in attrs.a / attrs.b. */
export function operand(args: RuleArgs, i: 0 | 1, savedIndex: number): Tensor | number {
  const scalar = args.attrs[i === 0 ? 'a' : 'b'];
  return typeof scalar === 'number' ? scalar : args.saved[savedIndex]!;
}

const both = (inputs: readonly (Tensor | null)[]): Tensor[] => inputs.filter((t): t is Tensor => t !== null);

defineRules({
  add: {
    name: 'AddBackward0',
    backward: (a) => [toInput(a, 0, a.grad), toInput(a, 1, a.grad)],
  },
  sub: {
    name: 'SubBackward0',
    backward: (a) => [toInput(a, 0, a.grad), a.needs[1] ? toInput(a, 1, a.grad.neg()) : null],
  },
  mul: {
    name: 'MulBackward0',
    save: both,
    backward: (a) => {
      const x = operand(a, 0, 0);
      const y = operand(a, 1, typeof x === 'number' ? 0 : 1);
      return [a.needs[0] ? toInput(a, 0, a.grad.mul(y)) : null, a.needs[1] ? toInput(a, 1, a.grad.mul(x)) : null];
    },
  },
  div: {
    name: 'DivBackward0',
    save: both,
    backward: (a) => {
      const x = operand(a, 0, 0);
      const y = operand(a, 1, typeof x === 'number' ? 0 : 1);
      const gx = a.needs[0] ? toInput(a, 0, a.grad.div(y)) : null;
      // d(x/y)/dy = -x / y^2
      const gy = a.needs[1] ? toInput(a, 1, a.grad.mul(typeof x === 'number' ? -x : x.neg()).div((y as Tensor).mul(y))) : null;
      return [gx, gy];
    },
  },
});
