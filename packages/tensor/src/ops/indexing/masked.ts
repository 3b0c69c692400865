// maskedSelect and nonzero: data-dependent sizes, so each has a sync form (CPU) and an async form.
import { formatShape, broadcastShapes } from '../../shape';
import { isTensor, type Tensor } from '../../tensor';
import { getBackend } from '../../registry';
import { allocate } from '../alloc';
import { binary } from '../elementwise';
import { expand, reshape, select, unbind } from '../views';
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

/** nonzero's `asTuple` (PyTorch's `as_tuple`). */
export interface NonzeroOptions {
  /** Return one 1-D tensor of indices per dim (PyTorch's as_tuple=True) instead of an [n, ndim] tensor. */
  asTuple?: boolean;
}

function checkOptions(op: string, options: NonzeroOptions | undefined): boolean {
  if (options === undefined) return false;
  if (typeof options !== 'object' || options === null) throw new TypeError(`${op}(): expected an options object such as { asTuple: true }, got ${String(options)}`);
  const unknown = Object.keys(options).filter((k) => k !== 'asTuple');
  if (unknown.length > 0) throw new TypeError(`${op}(): unknown option '${unknown[0]}'; it takes asTuple`);
  return options.asTuple === true;
}

/** The [n, ndim] coordinates, or with asTuple one 1-D tensor per dim (a 0-d x counts as 1-D, as PyTorch's). */
function* nonzeroOrTuple(x: Tensor, asTuple: boolean): Steps<Tensor | Tensor[]> {
  if (!asTuple) return yield* nonzeroSteps(x);
  return unbind(yield* nonzeroSteps(x.ndim === 0 ? reshape(x, [1]) : x), 1);
}

export function nonzero(x: Tensor, options?: NonzeroOptions): Tensor | Tensor[] {
  const asTuple = checkOptions('nonzero', options);
  const form = asTuple ? '{ asTuple: true }' : '';
  return runSync(x.device, nonzeroOrTuple(x, asTuple), () => `x.nonzero(${form}) needs the data of x: use await x.nonzeroAsync(${form}) on device '${x.device}'`);
}

export function nonzeroAsync(x: Tensor, options?: NonzeroOptions): Promise<Tensor | Tensor[]> {
  return runAsync(nonzeroOrTuple(x, checkOptions('nonzeroAsync', options)));
}

/** torch.where(condition) with one argument: nonzero(condition, { asTuple: true }). */
export function whereCondition(condition: Tensor): Tensor[] {
  return runSync(condition.device, nonzeroOrTuple(condition, true), () =>
    `torch.where(condition) needs the data of condition: use await condition.nonzeroAsync({ asTuple: true }) on device '${condition.device}'`,
  ) as Tensor[];
}
