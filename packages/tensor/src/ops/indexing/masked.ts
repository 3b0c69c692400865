// maskedSelect and nonzero: data-dependent sizes, so each has a sync form (CPU) and an async form.
import { formatShape, broadcastShapes } from '../../shape';
import { isTensor, type Tensor } from '../../tensor';
import { getBackend } from '../../registry';
import { allocate } from '../alloc';
import { binary } from '../elementwise';
import { expand, reshape, select } from '../views';
import { gatherAt, locate } from './advanced';
import { compaction, iota } from './compact';
import { planIndex } from './plan';
import { runAsync, runSync, type Steps } from './steps';

function* maskedSelectSteps(x: Tensor, mask: Tensor): Steps<Tensor> {
  if (!isTensor(mask) || (mask.dtype !== 'bool' && mask.dtype !== 'uint8')) {
    throw new TypeError(`masked_select: expected BoolTensor or ByteTensor for mask, got ${isTensor(mask) ? `${mask.dtype} (shape ${formatShape(mask.shape)})` : typeof mask}; use mask.bool()`);
  }
  const shape = broadcastShapes('masked_select', x.shape, mask.shape);
  const plan = planIndex(expand(x, shape), [expand(mask, shape)]);
  return gatherAt(plan.view, yield* locate(plan, false));
}

export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  return runSync(x.device, maskedSelectSteps(x, mask), () => `x.maskedSelect(mask) needs the data of the mask: use await x.maskedSelectAsync(mask) on device '${x.device}'`);
}

export function maskedSelectAsync(x: Tensor, mask: Tensor): Promise<Tensor> {
  return runAsync(maskedSelectSteps(x, mask));
}

/** int64 [n, ndim]: the coordinates of the non-zero elements in row-major order (NaN counts as non-zero). */
function* nonzeroSteps(x: Tensor): Steps<Tensor> {
  const mask = x.dtype === 'bool' ? x : binary('ne', x, 0);
  const found = yield* compaction(mask);
  const out = allocate([found.count, x.ndim], 'int64', x.device, 'nonzero');
  if (found.count === 0) return out;
  x.shape.forEach((size, j) => {
    // Coordinate j of every element: an arange along dim j, broadcast over the others (no copy).
    const grid = expand(reshape(iota(size, x.device), x.shape.map((s, k) => (k === j ? s : 1))), x.shape);
    getBackend(x.device).copy(found.pick(grid), select(out, 1, j));
  });
  return out;
}

export function nonzero(x: Tensor): Tensor {
  return runSync(x.device, nonzeroSteps(x), () => `x.nonzero() needs the data of x: use await x.nonzeroAsync() on device '${x.device}'`);
}

export function nonzeroAsync(x: Tensor): Promise<Tensor> {
  return runAsync(nonzeroSteps(x));
}
