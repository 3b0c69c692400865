// Gradient rules of add/sub/mul/div, and the helpers every elementwise rule shares. Broadcast
// operands get their gradient summed back to their shape; a JS-number operand (null input) gets none.
import { fullLike, isFloating, type Tensor } from '@x/tensor';
import { defineRules, type RuleArgs } from './registry';
import { sumToShape } from './reduce-grad';

/** The gradient `g` of input i, reduced to that input's shape and cast to its dtype (null: none needed). */
export function toInput(args: RuleArgs, i: number, g: Tensor): Tensor | null {
  const m = args.inputs[i];
  // Integer and bool inputs cannot require grad: they never get a gradient.
  if (!m || !args.needs[i] || !isFloating(m.dtype)) return null;
  const r = sumToShape(g, m.shape);
  return r.dtype === m.dtype ? r : r.to(m.dtype);
}

/** Where a saved tensor comes from: an input's index, or the op's output. */
export type Source = number | 'out';

/**
 * Which tensors a rule saves, decided from which inputs need a gradient and which are tensors
 * (not JS numbers). The same choice runs at record time and at backward, so the rule saves only
 * what its backward will read (as PyTorch does: mul keeps `b` only when `a` needs a gradient).
 */
export type Choice = (needs: readonly boolean[], present: readonly boolean[]) => readonly Source[];

export interface SavePlan {
  save(inputs: readonly (Tensor | null)[], output: Tensor): Tensor[];
  /** The saved tensors of a backward call, by source. */
  load(args: RuleArgs): { input(i: number): Tensor; out(): Tensor };
}

export function savePlan(choose: Choice): SavePlan {
  return {
    save: (inputs, output) => {
      const sources = choose(inputs.map((t) => t !== null && t.requiresGrad), inputs.map((t) => t !== null));
      return sources.map((s) => (s === 'out' ? output : inputs[s]!));
    },
    load: (args) => {
      const sources = choose(args.needs, args.inputs.map((m) => m !== null));
      const get = (s: Source): Tensor => {
        const k = sources.indexOf(s);
        if (k < 0) throw new Error(`autograd: a rule read ${s === 'out' ? 'its output' : `input ${s}`}, which it did not save`);
        return args.saved[k]!;
      };
      return { input: (i) => get(i), out: () => get('out') };
    },
  };
}

/** Binary ops record a JS-number operand in attrs.a / attrs.b (its input is null). */
export function scalarOf(args: RuleArgs, i: 0 | 1): number | null {
  const v = args.attrs[i === 0 ? 'a' : 'b'];
  return typeof v === 'number' ? v : null;
}

/** A binary op's operand i at backward: its saved tensor, or the JS number it was. */
export function operandOf(args: RuleArgs, loaded: { input(i: number): Tensor }, i: 0 | 1): Tensor | number {
  const s = scalarOf(args, i);
  return s !== null ? s : loaded.input(i);
}

/** Saves, of a binary op's operands, each one the other's gradient needs (mul, div's divisor, ...). */
export const crossOperands: Choice = (needs, present) => {
  const out: Source[] = [];
  if (present[0] && needs[1]) out.push(0);
  if (present[1] && (needs[0] || needs[1])) out.push(1);
  return out;
};

const mulPlan = savePlan((needs, present) => {
  const out: Source[] = [];
  if (present[0] && needs[1]) out.push(0);
  if (present[1] && needs[0]) out.push(1);
  return out;
});
// d(a/b)/da = 1/b needs b; d(a/b)/db = -a/b^2 needs both.
const divPlan = savePlan(crossOperands);

/** -x for an operand that may be a JS number. */
export const negOf = (x: Tensor | number): Tensor | number => (typeof x === 'number' ? -x : x.neg());

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
    save: mulPlan.save,
    backward: (a) => {
      const s = mulPlan.load(a);
      return [
        a.needs[0] ? toInput(a, 0, a.grad.mul(operandOf(a, s, 1))) : null,
        a.needs[1] ? toInput(a, 1, a.grad.mul(operandOf(a, s, 0))) : null,
      ];
    },
  },
  div: {
    name: 'DivBackward0',
    save: divPlan.save,
    backward: (a) => {
      const s = divPlan.load(a);
      const y = operandOf(a, s, 1);
      const gx = a.needs[0] ? toInput(a, 0, a.grad.div(y)) : null;
      let gy: Tensor | null = null;
      if (a.needs[1]) {
        // PyTorch's -grad * ((a / b) / b): no overflow of b*b where a/b is finite
        const x = operandOf(a, s, 0);
        const b = y as Tensor;
        const q = typeof x === 'number' ? fullLike(b, x).div(b) : x.div(b);
        gy = toInput(a, 1, a.grad.neg().mul(q.div(b)));
      }
      return [gx, gy];
    },
  },
});
