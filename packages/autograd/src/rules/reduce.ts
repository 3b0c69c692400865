// Gradient rules of reductions: sum, amax/amin (and max()/min()), max(dim)/min(dim), logsumexp.
// prod and norm have files of their own.
import { arange, where, type Tensor } from '@x/tensor';
import { defineRules, type Rule, type RuleArgs } from './registry';
import { unsqueezeDims } from './reduce-grad';
import { toInput } from './elementwise';

/** The reduced dims and keepdim of a reduction's attrs. */
export function reduced(a: RuleArgs): { dims: number[]; keepdim: boolean; shape: readonly number[] } {
  return { dims: a.attrs.dims as number[], keepdim: a.attrs.keepdim as boolean, shape: a.inputs[0]!.shape };
}

/** A reduction's output-shaped tensor with the reduced dims put back (size 1), to broadcast against the input. */
export function restore(a: RuleArgs, t: Tensor): Tensor {
  const { dims, keepdim, shape } = reduced(a);
  return unsqueezeDims(t, dims, keepdim, shape);
}

const saveInputAndOutput = (inputs: readonly (Tensor | null)[], output: Tensor): Tensor[] => [inputs[0]!, output];

/**
 * amax/amin: the gradient is shared evenly by the elements equal to the result (PyTorch's
 * scale_grad_by_count; a NaN result matches nothing, so its slice gets NaN). max()/min() without a
 * dim (attrs.evenly) also count NaN inputs as equal to a NaN result, as PyTorch's evenly_distribute_backward.
 */
function extremum(name: string): Rule {
  return {
    name,
    save: saveInputAndOutput,
    backward: (a) => {
      const [x, out] = a.saved as [Tensor, Tensor];
      const g = restore(a, a.grad);
      const r = restore(a, out);
      if (a.attrs.evenly === true) {
        const mask = x.eq(r).logicalOr(x.isnan().logicalAnd(r.isnan()));
        return [toInput(a, 0, where(mask, g.div(mask.sum()), 0))];
      }
      const mask = r.eq(x);
      return [toInput(a, 0, g.div(mask.sum(reduced(a).dims, true)).mul(mask))];
    },
  };
}

/** max(dim)/min(dim): the whole gradient goes to the index the op returned. */
function selected(name: string): Rule {
  return {
    name,
    backward: (a) => {
      const m = a.inputs[0]!;
      if (m.shape.length === 0) return [toInput(a, 0, a.grad)];
      const dim = a.attrs.dim as number;
      const keepdim = a.attrs.keepdim as boolean;
      const indices = a.attrs.indices as Tensor;
      const g = keepdim ? a.grad : a.grad.unsqueeze(dim);
      const at = keepdim ? indices : indices.unsqueeze(dim);
      const positions = arange(m.shape[dim]!, { device: a.grad.device }).reshape(m.shape.map((s, i) => (i === dim ? s : 1)));
      return [toInput(a, 0, where(positions.eq(at), g, 0))];
    },
  };
}

defineRules({
  sum: {
    // sum() is SumBackward0, sum(dim) SumBackward1 in PyTorch.
    name: (attrs) => (attrs.allDims ? 'SumBackward0' : 'SumBackward1'),
    backward: (a) => [toInput(a, 0, restore(a, a.grad).expand([...a.inputs[0]!.shape]))],
  },
  max: extremum('MaxBackward1'),
  min: extremum('MinBackward1'),
  maxDim: selected('MaxBackward0'),
  minDim: selected('MinBackward0'),
  // softmax(x) * grad, from the saved output: exp(x - logsumexp(x))
  logsumexp: {
    name: 'LogsumexpBackward0',
    save: saveInputAndOutput,
    backward: (a) => {
      const [x, out] = a.saved as [Tensor, Tensor];
      return [toInput(a, 0, restore(a, a.grad).mul(x.sub(restore(a, out)).exp()))];
    },
  },
});
