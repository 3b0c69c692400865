// x[indices] (at) and x[indices] = value (set), sync and async. Basic indices give a view; advanced
// ones (index tensors, masks) a gather into a new tensor, or a scatter into x's storage.
import { castScalar } from '../../dtype';
import { checkSameDevice } from '../../errors';
import { inPlaceWrite, isTracking, recordOp } from '../../autograd-hook';
import { noGrad } from '../../grad-mode';
import { allocate } from '../alloc';
import { iota } from './compact';
import { where } from '../elementwise';
import { getBackend } from '../../registry';
import { formatShape } from '../../shape';
import { isTensor, type Tensor, type TensorOrScalar } from '../../tensor';
import { clone } from '../convert';
import { expand, reshape } from '../views';
import { gatherAt, locate, scatterAt } from './advanced';
import { planIndex, type Index, type Plan } from './plan';
import { canReadSync, runAsync, runSync, type Steps } from './steps';

type Mode = 'sync' | 'async';

/** Whether values can be read back: always when awaited; in the sync form only where the device allows. */
function readable(op: 'at' | 'set', x: Tensor, plan: Plan, mode: Mode): boolean {
  if (mode === 'async' || canReadSync(x.device)) return true;
  // Elsewhere index tensors go unchecked (the kernel sees them, as on CUDA), but masks must be read.
  if (plan.entries.some((e) => e.kind === 'mask')) throw new Error(needsAsync(op, x.device));
  return false;
}

function* atSteps(x: Tensor, indices: readonly Index[], mode: Mode): Steps<Tensor> {
  const plan = planIndex(x, indices);
  if (plan.entries.length === 0) return plan.view;
  return gatherAt(plan.view, yield* locate(plan, readable('at', x, plan, mode)));
}

export function at(x: Tensor, indices: readonly Index[]): Tensor {
  return runSync(x.device, atSteps(x, indices, 'sync'), () => needsAsync('at', x.device));
}

export function atAsync(x: Tensor, indices: readonly Index[]): Promise<Tensor> {
  return runAsync(atSteps(x, indices, 'async'));
}

function needsAsync(op: 'at' | 'set', device: string): string {
  return op === 'at'
    ? `x.at(mask) needs the data of the mask: use await x.atAsync(mask) on device '${device}'`
    : `x.set([mask], value) needs the data of the mask: use await x.setAsync([mask], value) on device '${device}'`;
}

/** The value of `x[...] = value`, broadcast to the indexed shape (leading size-1 dims dropped, as PyTorch). */
function valueFor(x: Tensor, value: TensorOrScalar, shape: readonly number[]): Tensor | number {
  if (typeof value === 'number' || typeof value === 'boolean') return castScalar(Number(value), x.dtype);
  if (!isTensor(value)) throw new TypeError(`set: expected a Tensor, number or boolean value, got ${value === null ? 'null' : typeof value}`);
  let v = value;
  if (v.device !== x.device) v = v.device === 'cpu' && v.ndim === 0 ? v.to(x.device) : (checkSameDevice('set', [x, v]), v);
  let lead = 0;
  while (lead < v.ndim && v.shape[lead] === 1) lead++;
  const trimmed = v.shape.slice(lead);
  const fits = trimmed.length <= shape.length && trimmed.every((s, i) => s === 1 || s === shape[shape.length - trimmed.length + i]);
  if (!fits) {
    throw new RangeError(`shape mismatch: value tensor of shape ${formatShape(value.shape)} cannot be broadcast to indexing result of shape ${formatShape(shape)}`);
  }
  return expand(reshape(v, trimmed), shape);
}

function* setSteps(x: Tensor, indices: readonly Index[], value: TensorOrScalar, mode: Mode): Steps<void> {
  if (!Array.isArray(indices)) throw new TypeError(`set: expected the indices as an array, e.g. x.set([0, ':'], value), got ${typeof indices}`);
  const source = isTensor(value) ? value : null;
  if (isTracking([x, source])) {
    yield* trackedSetSteps(x, indices, value, source, mode);
    return;
  }
  yield* writeSteps(x, indices, value, mode);
}

/** x[indices] = value, written straight into x's storage. */
function* writeSteps(x: Tensor, indices: readonly Index[], value: TensorOrScalar, mode: Mode): Steps<void> {
  const plan = planIndex(x, indices);
  const backend = getBackend(x.device);
  if (plan.entries.length === 0) {
    const v = valueFor(x, value, plan.view.shape);
    inPlaceWrite(x, 'set', [], () => {
      if (typeof v === 'number') backend.fill(plan.view, v);
      else backend.copy(v, plan.view); // the copy kernel reads first when v overlaps x
      return null;
    });
  } else {
    const where = yield* locate(plan, readable('set', x, plan, mode));
    let v = valueFor(x, value, where.shape);
    // The scatter reads v while writing x: detach them when they share memory.
    if (typeof v !== 'number' && v.storage === x.storage) v = clone(v);
    const src = v;
    inPlaceWrite(x, 'set', [], () => {
      scatterAt(plan.view, where, src);
      return null;
    });
  }
}

/**
 * x[indices] = value when autograd tracks x or value: the new values of x are built out of place
 * (which elements are written, and what they get), recorded as one 'indexPut' op of x and value,
 * then copied into x, whose history moves onto that op.
 */
function* trackedSetSteps(x: Tensor, indices: readonly Index[], value: TensorOrScalar, source: Tensor | null, mode: Mode): Steps<void> {
  const written = allocate(x.shape, 'bool', x.device, 'set');
  yield* writeSteps(written, indices, true, mode);
  const values = allocate(x.shape, x.dtype, x.device, 'set');
  yield* writeSteps(values, indices, source ? source.detach() : value, mode);
  // Which element of x each indexed position is (x[indices] of 0..numel-1): the value's gradient
  // is then a gather, with no data-dependent shape left for the backward pass.
  const positions = yield* atSteps(reshape(iota(x.numel(), x.device), x.shape), indices, mode);
  const result = noGrad(() => where(written, values, x));
  recordOp('indexPut', [x, source], [result], { mask: written, positions });
  inPlaceWrite(x, 'set', [result], () => {
    getBackend(x.device).copy(result, x);
    return result;
  });
}

export function set(x: Tensor, indices: readonly Index[], value: TensorOrScalar): void {
  runSync(x.device, setSteps(x, indices, value, 'sync'), () => needsAsync('set', x.device));
}

export function setAsync(x: Tensor, indices: readonly Index[], value: TensorOrScalar): Promise<void> {
  return runAsync(setSteps(x, indices, value, 'async'));
}
