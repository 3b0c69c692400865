// Gradient rules of reductions.
import { defineRules } from './registry';
import { unsqueezeDims } from './reduce-grad';

defineRules({
  sum: {
    name: 'SumBackward1',
    backward: (a) => {
      const m = a.inputs[0]!;
      const dims = a.attrs.dims as number[];
      return [unsqueezeDims(a.grad, dims, a.attrs.keepdim as boolean, m.shape).expand([...m.shape]).to(m.dtype)];
    },
  },
});
