// Gradient rules of pow, remainder, maximum, minimum and atan2, following PyTorch's formulas
// (including their choices at the kinks: ties, zero bases, zero exponents).
import { fullLike, isFloating, where, zerosLike, type Tensor } from '@x/tensor';
import { defineRules, type RuleArgs } from './registry';
import { negOf, operandOf, savePlan, toInput, type Source } from './elementwise';

type Value = Tensor | number;

const both = savePlan((needs, present) => {
  const out: Source[] = [];
  if (needs[0] || needs[1]) for (const i of [0, 1]) if (present[i]) out.push(i);
  return out;
});

// pow: the base's gradient reads base and exponent; the exponent's reads base, exponent and output.
const powPlan = savePlan((needs, present) => {
  const out: Source[] = [];
  if (present[0] && (needs[0] || needs[1])) out.push(0);
  if (present[1] && (needs[0] || needs[1])) out.push(1);
  if (needs[1]) out.push('out');
  return out;
});

/** The base's gradient: 0 where the exponent is 0 (even at a zero base, where the formula gives inf * 0). */
function powBase(g: Tensor, x: Tensor, e: Value): Tensor {
  if (typeof e === 'number') return e === 0 ? zerosLike(g) : g.mul(x.pow(e - 1).mul(e));
  return where(e.eq(0), 0, g.mul(e.mul(x.pow(e.sub(1)))));
}

/** The exponent's gradient, result * log(base): 0 where the base is 0 and the exponent >= 0. */
function powExponent(g: Tensor, x: Value, e: Tensor, out: Tensor): Tensor {
  if (typeof x === 'number') {
    const scaled = out.mul(Math.log(x));
    return g.mul(x === 0 ? where(e.ge(0), 0, scaled) : scaled);
  }
  // an integer base's log is float32, as in PyTorch
  return g.mul(where(x.eq(0).logicalAnd(e.ge(0)), 0, out.mul(x.log())));
}

/** floor(a / b) as PyTorch computes it (the floorDivide kernel follows c10's div_floor). */
function floorDivide(a: Value, b: Tensor): Tensor {
  // an integer or bool dividend divides in b's (floating) dtype, as the op's type promotion does
  const x = typeof a === 'number' ? fullLike(b, a) : isFloating(a.dtype) ? a : a.to(b.dtype);
  return x.div(b, { roundingMode: 'floor' });
}

/** div(a, b, { roundingMode }): piecewise constant, zero gradients as PyTorch. */
const roundedDivision = {
  name: 'DivBackward2',
  backward: (a: RuleArgs) => [a.needs[0] ? toInput(a, 0, zerosLike(a.grad)) : null, a.needs[1] ? toInput(a, 1, zerosLike(a.grad)) : null],
};

// Comparisons where either side may be a JS number (then the tensor goes on the left).
const eq = (x: Value, y: Value): Tensor => (typeof x === 'number' ? (y as Tensor).eq(x) : x.eq(y));
const lt = (x: Value, y: Value): Tensor => (typeof x === 'number' ? (y as Tensor).gt(x) : x.lt(y));
const gt = (x: Value, y: Value): Tensor => (typeof x === 'number' ? (y as Tensor).lt(x) : x.gt(y));
const square = (x: Value): Value => (typeof x === 'number' ? x * x : x.mul(x));
const plus = (x: Value, y: Value): Tensor => (typeof x === 'number' ? (y as Tensor).add(x) : x.add(y));

/**
 * maximum/minimum: the gradient goes to the larger (smaller) operand and is split in half on ties;
 * with a NaN, both operands get it all (no comparison holds), as PyTorch.
 */
function extremum(name: string, loses: (x: Value, y: Value) => Tensor) {
  return {
    name,
    save: both.save,
    backward: (a: RuleArgs) => {
      const s = both.load(a);
      const x = operandOf(a, s, 0);
      const y = operandOf(a, s, 1);
      const shared = where(eq(x, y), a.grad.div(2), a.grad);
      return [
        a.needs[0] ? toInput(a, 0, where(loses(x, y), 0, shared)) : null,
        a.needs[1] ? toInput(a, 1, where(loses(y, x), 0, shared)) : null,
      ];
    },
  };
}

// only the divisor's gradient, -floor(a / b), reads the operands
const remainderPlan = savePlan((needs, present) => (needs[1] ? [0, 1].filter((i) => present[i]) : []));

defineRules({
  pow: {
    name: 'PowBackward0',
    save: powPlan.save,
    backward: (a) => {
      const s = powPlan.load(a);
      const e = operandOf(a, s, 1);
      const gx = a.needs[0] ? toInput(a, 0, powBase(a.grad, s.input(0), e)) : null;
      const ge = a.needs[1] ? toInput(a, 1, powExponent(a.grad, operandOf(a, s, 0), e as Tensor, s.out())) : null;
      return [gx, ge];
    },
  },
  remainder: {
    name: 'RemainderBackward0',
    save: remainderPlan.save,
    backward: (a) => {
      const s = remainderPlan.load(a);
      const gx = toInput(a, 0, a.grad);
      // a - b * floor(a / b): d/db = -floor(a / b)
      const gy = a.needs[1] ? toInput(a, 1, a.grad.neg().mul(floorDivide(operandOf(a, s, 0), s.input(1)))) : null;
      return [gx, gy];
    },
  },
  floorDivide: roundedDivision,
  truncDivide: roundedDivision,
  maximum: extremum('MaximumBackward0', lt),
  minimum: extremum('MinimumBackward0', gt),
  atan2: {
    name: 'Atan2Backward0',
    save: both.save,
    backward: (a) => {
      const s = both.load(a);
      const x = operandOf(a, s, 0);
      const y = operandOf(a, s, 1);
      const recip = plus(square(x), square(y)).reciprocal();
      return [
        a.needs[0] ? toInput(a, 0, a.grad.mul(y).mul(recip)) : null,
        a.needs[1] ? toInput(a, 1, a.grad.mul(negOf(x)).mul(recip)) : null,
      ];
    },
  },
});
