// Gradient rules of matrix products (batched, with broadcast batch dims).
import type { Tensor } from '@x/tensor';
import { defineRules } from './registry';
import { sumToShape } from './reduce-grad';

defineRules({
  matmul: {
    name: 'MmBackward0',
    save: (inputs) => inputs as Tensor[],
    backward: (a) => {
      const [x, y] = a.saved as [Tensor, Tensor];
      return [
        a.needs[0] ? sumToShape(a.grad.matmul(y.mT), x.shape) : null,
        a.needs[1] ? sumToShape(x.mT.matmul(a.grad), y.shape) : null,
      ];
    },
  },
});
