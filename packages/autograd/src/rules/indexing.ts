// Gradient rules of gathering, scattering, indexing and sorting. The adjoint of reading elements at
// some positions is a scatter-add of the gradient into zeros at those positions, so duplicates
// accumulate; scatterAdd is itself recorded, which gives second derivatives.
import * as torch from '@x/tensor';
import type { Tensor } from '@x/tensor';
import { defineRules } from './registry';
import { embed } from './shape';
import { sumToShape } from './reduce-grad';

/** Where x.at(...) read its elements (the `at` attribute of indexGather; see @x/tensor's ops/indexing/advanced.ts). */
type Located =
  | { readonly kind: 'along'; readonly shape: readonly number[]; readonly dim: number; readonly index: Tensor }
  | { readonly kind: 'offsets'; readonly shape: readonly number[]; readonly offsets: Tensor };

type Reduce = 'none' | 'add' | 'multiply';

const zerosOf = (g: Tensor, shape: readonly number[]): Tensor => torch.zeros([...shape], { dtype: g.dtype, device: g.device });

/** zeros of `shape` with `g` added at `index` along `dim`: the adjoint of gather(dim, index). */
function gatherAdjoint(g: Tensor, shape: readonly number[], dim: number, index: Tensor): Tensor {
  return zerosOf(g, shape).scatterAdd(dim, index, g);
}

/** `g` padded with zeros at the end of each dim up to `shape` (src may be larger than the index). */
function padTo(g: Tensor, shape: readonly number[]): Tensor {
  let r = g;
  shape.forEach((s, d) => {
    if (r.shape[d]! < s) r = embed(r, d, 0, 1, s);
  });
  return r;
}

/** The leading block of `t` with `shape` (the part of src that scatter reads). */
function fitTo(t: Tensor, shape: readonly number[]): Tensor {
  let r = t;
  shape.forEach((s, d) => {
    if (r.shape[d]! > s) r = r.narrow(d, 0, s);
  });
  return r;
}

/** Whether elements of a view share memory: public view ops only make that with stride 0 (expand). */
function overlaps(view: Tensor): boolean {
  return view.shape.some((s, d) => s > 1 && view.strides[d] === 0);
}

/**
 * For x.at(...) located by storage offsets: the row-major position in the view of each gathered
 * element. A non-overlapping view maps storage to view elements one to one, so an inverse map over
 * the storage region the view spans answers it (int64 ops only: no division, any backend).
 */
function positionsIn(view: Tensor, offsets: Tensor): Tensor {
  const rel = offsets.sub(view.offset);
  if (view.isContiguous() || offsets.numel() === 0) return rel;
  if (overlaps(view)) {
    // @x/tensor's gatherAt reads an overlapping view through a contiguous copy, so this is not reached.
    throw new Error(`indexGather: cannot map the gradient back to a view whose elements overlap (shape [${view.shape.join(', ')}], strides [${view.strides.join(', ')}])`);
  }
  const opts = { dtype: 'int64' as const, device: view.device };
  const where = view.shape
    .map((size, d) => torch.arange(size, opts).mul(view.strides[d]!).reshape(view.shape.map((s, k) => (k === d ? s : 1))))
    .reduce((acc, t) => acc.add(t));
  const span = 1 + view.shape.reduce((acc, s, d) => acc + (s - 1) * view.strides[d]!, 0);
  const inverse = torch.zeros([span], opts).scatter(0, where.reshape(-1), torch.arange(view.numel(), opts));
  return inverse.gather(0, rel.reshape(-1)).reshape([...rel.shape]);
}

defineRules({
  gather: {
    name: 'GatherBackward0',
    backward: (a) => [gatherAdjoint(a.grad, a.inputs[0]!.shape, a.attrs.dim as number, a.attrs.index as Tensor)],
  },

  scatter: {
    name: 'ScatterBackward0',
    // multiply needs the values; none and add are linear in x and src and need none.
    save: (inputs, output, attrs) => (attrs.reduce === 'multiply' ? [...inputs.filter((t): t is Tensor => t !== null), output] : []),
    backward: (a) => {
      const dim = a.attrs.dim as number;
      const index = a.attrs.index as Tensor;
      const reduce = a.attrs.reduce as Reduce;
      const src = a.inputs[1];
      const g = a.grad;
      if (reduce === 'multiply') return scatterMultiply(a.saved, g, dim, index, src !== null, a.needs);
      // none: the scattered positions of x were overwritten; add: x passes through.
      const gx = a.needs[0] ? (reduce === 'none' ? g.scatter(dim, index, 0) : g) : null;
      const gsrc = src && a.needs[1] ? padTo(g.gather(dim, index), src.shape) : null;
      return [gx, gsrc];
    },
  },

  indexGather: {
    name: 'IndexBackward0',
    save: (inputs, _output, attrs) => {
      const at = attrs.at as Located;
      return at.kind === 'offsets' ? [positionsIn(inputs[0]!, at.offsets)] : [];
    },
    backward: (a) => {
      const at = a.attrs.at as Located;
      const shape = a.inputs[0]!.shape;
      if (at.kind === 'along') return [gatherAdjoint(a.grad.reshape([...at.index.shape]), shape, at.dim, at.index)];
      const numel = shape.reduce((n, s) => n * s, 1);
      return [gatherAdjoint(a.grad.reshape(-1), [numel], 0, a.saved[0]!.reshape(-1)).reshape([...shape])];
    },
  },

  // x.set(indices, value) on tracked tensors: `mask` marks the written elements of x.
  indexPut: {
    name: 'IndexPutBackward0',
    backward: (a) => {
      const mask = a.attrs.mask as Tensor;
      const gx = a.needs[0] ? a.grad.maskedFill(mask, 0) : null;
      const v = a.inputs[1];
      if (!v || !a.needs[1]) return [gx, null];
      // The value was broadcast to the indexed shape after dropping its leading size-1 dims.
      const positions = a.attrs.positions as Tensor;
      const picked = a.grad.reshape(-1).gather(0, positions.reshape(-1)).reshape([...positions.shape]);
      let lead = 0;
      while (lead < v.shape.length && v.shape[lead] === 1) lead++;
      const gv = sumToShape(picked, v.shape.slice(lead)).reshape([...v.shape]);
      return [gx, gv.dtype === v.dtype ? gv : gv.to(v.dtype)];
    },
  },

  sort: {
    name: 'SortBackward0',
    backward: (a) => [gatherAdjoint(a.grad, a.inputs[0]!.shape, a.attrs.dim as number, a.attrs.indices as Tensor)],
  },
});

/**
 * scatter(dim, index, src, { reduce: 'multiply' }): out = x * (product of the factors scattered to
 * each position). PyTorch 1.13 has no derivative for it; this is the rule of its
 * scatter_reduce('prod') (include_self), zeros in src included: a factor that is the only zero at its
 * position gets the product of the others, computed without dividing by it.
 */
function scatterMultiply(saved: readonly Tensor[], g: Tensor, dim: number, index: Tensor, hasSrc: boolean, needs: readonly boolean[]): (Tensor | null)[] {
  if (!hasSrc) {
    throw new Error(
      "scatter: the gradient of scatter(dim, index, value, { reduce: 'multiply' }) with a number value is not implemented (PyTorch has none either); " +
        "write x.mul(torch.onesLike(x).scatter(dim, index, value, { reduce: 'multiply' })) instead",
    );
  }
  const [x, srcFull, out] = saved as [Tensor, Tensor, Tensor];
  const src = fitTo(srcFull, index.shape);
  const gx = needs[0] ? g.mul(torch.onesLike(x).scatter(dim, index, src, { reduce: 'multiply' })) : null;
  if (!needs[1]) return [gx, null];
  const zero = src.eq(0);
  const zerosAt = torch.zerosLike(x).scatterAdd(dim, index, zero.to(x.dtype)).gather(dim, index);
  const single = zero.logicalAnd(zerosAt.eq(1));
  const withoutIt = x.scatter(dim, index, src.maskedFill(single, 1), { reduce: 'multiply' });
  const gsrc = torch.where(single, g.mul(withoutIt).gather(dim, index), g.mul(out).gather(dim, index).div(src.maskedFill(zero, 1)));
  return [gx, padTo(gsrc, srcFull.shape)];
}
