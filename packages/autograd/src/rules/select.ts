// Gradient rules of the ops that pick values: where, clamp, maskedFill. Masks and conditions get
// no gradient; each value gets the gradient where it was picked.
import { where, type Tensor } from '@x/tensor';
import { defineRules, type RuleArgs } from './registry';
import { savePlan, toInput, type Source } from './elementwise';

type Bound = Tensor | number | null;

// clamp reads x and the tensor bounds for every gradient it gives.
const clampPlan = savePlan((_, present) => [0, 1, 2].filter((i) => present[i]) as Source[]);

/** A clamp bound at backward: its saved tensor, the JS number recorded in attrs, or null (absent). */
function bound(a: RuleArgs, loaded: { input(i: number): Tensor }, i: 1 | 2): Bound {
  if (a.inputs[i]) return loaded.input(i);
  const v = a.attrs[i === 1 ? 'min' : 'max'];
  return typeof v === 'number' ? v : null;
}

const lessThan = (x: Tensor | number, b: Tensor | number): Tensor => (typeof x === 'number' ? (b as Tensor).gt(x) : x.lt(b));

defineRules({
  where: {
    name: 'WhereBackward0',
    save: (inputs) => [inputs[0]!],
    backward: (a) => {
      const cond = a.saved[0]!;
      return [null, a.needs[1] ? toInput(a, 1, where(cond, a.grad, 0)) : null, a.needs[2] ? toInput(a, 2, where(cond, 0, a.grad)) : null];
    },
  },
  clamp: {
    name: 'ClampBackward1',
    save: clampPlan.save,
    backward: (a) => {
      const s = clampPlan.load(a);
      const x = s.input(0);
      const lo = bound(a, s, 1);
      const hi = bound(a, s, 2);
      // x keeps its gradient where min <= x <= max, ends included (PyTorch's subgradient 1)
      let inside: Tensor;
      if (lo !== null && hi !== null) inside = x.ge(lo).logicalAnd(x.le(hi));
      else if (lo !== null) inside = x.ge(lo);
      else inside = x.le(hi!);
      const gx = toInput(a, 0, where(inside, a.grad, 0));
      // a tensor bound gets it where it was the value picked; with min > max the result is max
      let gLo: Tensor | null = null;
      if (a.needs[1] && lo !== null) {
        const below = x.lt(lo);
        gLo = toInput(a, 1, where(hi === null ? below : below.logicalAnd(lessThan(lo, hi)), a.grad, 0));
      }
      let gHi: Tensor | null = null;
      if (a.needs[2] && hi !== null) {
        const above = x.gt(hi);
        gHi = toInput(a, 2, where(lo === null ? above : above.logicalOr(lessThan(hi, lo)), a.grad, 0));
      }
      return [gx, gLo, gHi];
    },
  },
  maskedFill: {
    name: 'MaskedFillBackward0',
    save: (inputs) => [inputs[1]!],
    backward: (a) => {
      const mask = a.saved[0]!;
      return [
        a.needs[0] ? toInput(a, 0, a.grad.maskedFill(mask, 0)) : null,
        null,
        // a 0-d value tensor gets the sum of the gradient over the filled positions
        a.needs[2] ? toInput(a, 2, where(mask, a.grad, 0).sum()) : null,
      ];
    },
  },
});
