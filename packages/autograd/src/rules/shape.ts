// Gradient rules of view and rearranging ops: they move gradients around without arithmetic. Each
// backward is itself made of recorded ops (views, cat, flip...), so second derivatives flow through.
import * as torch from '@x/tensor';
import type { Tensor } from '@x/tensor';
import { defineRules, type RuleArgs } from './registry';
import { sumToShape } from './reduce-grad';

const zerosOf = (g: Tensor, shape: readonly number[]): Tensor => torch.zeros([...shape], { dtype: g.dtype, device: g.device });
const withDim = (shape: readonly number[], dim: number, size: number): number[] => shape.map((s, i) => (i === dim ? size : s));

/**
 * `g` placed into zeros of size `size` along `dim`, its elements at start, start + step, ...: the
 * gradient of slicing (the adjoint of x.slice(dim, start, _, step)). Built from cat and views.
 */
export function embed(g: Tensor, dim: number, start: number, step: number, size: number): Tensor {
  const n = g.shape[dim]!;
  if (n === 0) return zerosOf(g, withDim(g.shape, dim, size));
  let spread = g;
  if (step > 1 && n > 1) {
    // step - 1 zeros after each element, then drop the trailing ones.
    const u = g.unsqueeze(dim + 1);
    const padded = torch.cat([u, zerosOf(g, withDim(u.shape, dim + 1, step - 1))], dim + 1);
    spread = padded.reshape(withDim(g.shape, dim, n * step)).narrow(dim, 0, (n - 1) * step + 1);
  }
  const after = size - start - spread.shape[dim]!;
  const parts = [
    ...(start > 0 ? [zerosOf(g, withDim(g.shape, dim, start))] : []),
    spread,
    ...(after > 0 ? [zerosOf(g, withDim(g.shape, dim, after))] : []),
  ];
  return parts.length === 1 ? spread : torch.cat(parts, dim);
}

/** `g` cast to input i's dtype (an op may have promoted it, as cat does). */
function asInput(a: RuleArgs, i: number, g: Tensor): Tensor {
  const dtype = a.inputs[i]!.dtype;
  return g.dtype === dtype ? g : g.to(dtype);
}

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
  slice: {
    name: 'SliceBackward0',
    backward: (a) => {
      const dim = a.attrs.dim as number;
      return [embed(a.grad, dim, a.attrs.start as number, a.attrs.step as number, a.inputs[0]!.shape[dim]!)];
    },
  },
  select: {
    name: 'SelectBackward0',
    backward: (a) => {
      const dim = a.attrs.dim as number;
      return [embed(a.grad.unsqueeze(dim), dim, a.attrs.index as number, 1, a.inputs[0]!.shape[dim]!)];
    },
  },
  diagonal: {
    name: 'DiagonalBackward0',
    backward: (a) => {
      const g = a.grad;
      const into = torch.zeros([...a.inputs[0]!.shape], { dtype: g.dtype, device: g.device });
      return [torch.diagonalScatter(into, g, a.attrs.offset as number, a.attrs.dim1 as number, a.attrs.dim2 as number)];
    },
  },
  // dst.copy_(src): src broadcast to dst's shape, then cast to dst's dtype.
  copy: {
    name: 'CopyBackwards',
    backward: (a) => {
      const src = a.inputs[0]!;
      const g = sumToShape(a.grad, src.shape);
      return [g.dtype === src.dtype ? g : g.to(src.dtype)];
    },
  },
  to: {
    name: 'ToCopyBackward0',
    backward: (a) => [a.grad.to({ dtype: a.attrs.dtype as Tensor['dtype'], device: a.attrs.device as Tensor['device'] })],
  },
  cat: {
    name: 'CatBackward0',
    backward: (a) => {
      const dim = a.attrs.dim as number;
      let at = 0;
      return a.inputs.map((m, i) => {
        const n = m!.shape[dim]!;
        at += n;
        return a.needs[i] ? asInput(a, i, a.grad.narrow(dim, at - n, n)) : null;
      });
    },
  },
  repeat: {
    name: 'RepeatBackward0',
    backward: (a) => {
      // Viewed as [r0, s0, r1, s1, ...] the output is the input broadcast along every r: sum them out.
      const sizes = a.attrs.sizes as number[];
      const shape = a.inputs[0]!.shape;
      if (sizes.length === 0) return [a.grad]; // a 0-d input repeated by []
      const lead = sizes.length - shape.length;
      const pairs = sizes.flatMap((r, i) => [r, i < lead ? 1 : shape[i - lead]!]);
      const summed = a.grad.reshape(pairs).sum(sizes.map((_, i) => 2 * i));
      return [summed.reshape([...shape])];
    },
  },
  flip: {
    name: 'FlipBackward0',
    backward: (a) => [a.grad.flip(a.attrs.dims as number[])],
  },
  roll: {
    name: 'RollBackward0',
    backward: (a) => [a.grad.roll((a.attrs.shifts as number[]).map((s) => -s), a.attrs.dims as number[])],
  },
});
