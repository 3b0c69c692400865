// The gradient rule of nll_loss where the device computed it with one fused kernel
// (Backend.fused.nllLoss: F.nllLoss and F.crossEntropy on class-index targets), PyTorch's
// NllLossBackward0: zero but at each non-ignored target, weight[t]·(-g), g divided by the summed
// weights for a mean. The composed form needs no rule (autograd differentiates its parts).
import { emptyForKernel, fusedKernel, isGradEnabled, where, zeros, type Tensor } from '@x/tensor';
import { defineRules, type RuleArgs } from './registry';

type Reduction = 'none' | 'sum' | 'mean';

function nllBackward(a: RuleArgs): Tensor {
  const [target, weight = null] = a.saved as [Tensor, Tensor?];
  const ignoreIndex = a.attrs.ignoreIndex as number;
  const reduction = a.attrs.reduction as Reduction;
  const input = a.inputs[0]!;
  const kernel = fusedKernel(target.device, 'nllLossBackward');
  // not under createGraph (a double backward differentiates the composition)
  if (kernel !== undefined && !isGradEnabled() && a.grad.dtype === input.dtype) {
    const out = emptyForKernel(input.shape, input.dtype, target.device);
    if (kernel(a.grad, target, weight, ignoreIndex, reduction, out)) return out;
    out.dispose();
  }
  const valid = target.ne(ignoreIndex);
  const safe = target.maskedFill(valid.logicalNot(), 0);
  const w = weight !== null ? where(valid, weight.gather(0, safe), 0) : valid.to(input.dtype);
  const g = reduction === 'mean' ? a.grad.div(w.sum()) : a.grad;
  const src = where(valid, w.mul(g.neg()), 0);
  return zeros([...input.shape], { dtype: input.dtype, device: target.device }).scatter(1, safe.unsqueeze(1), src.unsqueeze(1));
}

defineRules({
  // logp [N, C], target [N] (int64), weight [C] or null
  nllLoss: {
    name: 'NllLossBackward0',
    save: (inputs) => (inputs[2] ? [inputs[1]!, inputs[2]] : [inputs[1]!]),
    backward: (a) => [a.needs[0] ? nllBackward(a) : null, null, null],
  },
});
