// Gradient rules of view and copy ops: they move gradients around without arithmetic.
import { defineRules } from './registry';
import { sumToShape } from './reduce-grad';

defineRules({
  view: {
    name: 'ViewBackward0',
    backward: (a) => [a.grad.reshape([...a.inputs[0]!.shape])],
  },
  expand: {
    name: 'ExpandBackward0',
    backward: (a) => [sumToShape(a.grad, a.inputs[0]!.shape)],
  },
  transpose: {
    name: 'TransposeBackward0',
    backward: (a) => [a.grad.transpose(a.attrs.dim0 as number, a.attrs.dim1 as number)],
  },
  permute: {
    name: 'PermuteBackward0',
    backward: (a) => {
      const dims = a.attrs.dims as number[];
      const inverse = dims.map((_, i) => dims.indexOf(i));
      return [a.grad.permute(inverse)];
    },
  },
  to: {
    name: 'ToCopyBackward0',
    backward: (a) => [a.grad.to({ dtype: a.attrs.dtype as never, device: a.attrs.device as string })],
  },
});
