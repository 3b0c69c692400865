// Views and in-place writes, as PyTorch: writing into a view changes its base, so the base's history
// becomes CopySlices (the old history outside the view's region, the written values inside), and a
// view whose storage was written since it got its history takes a fresh one from its base
// (AsStridedBackward0) the next time autograd meets it.
import * as torch from '@x/tensor';
import type { Tensor } from '@x/tensor';
import { edgeOf, Node } from './graph';

/** The storage version at which each view's history was last made. */
const historyVersion = new WeakMap<Tensor, number>();

/** A view op's output (or a view that just got a history): its history is current at this version. */
export function noteViewHistory(v: Tensor): void {
  if (v._base !== null) historyVersion.set(v, v.storage.version);
}

/**
 * For each element of `view`, its flat index in `base` (int64, the view's shape). Both share one
 * storage: the base's indices are laid out in a scratch storage as the base's elements are, then
 * read back through the view's strides. Written with tensor ops so that it runs on every device.
 */
function positionsInBase(base: Tensor, view: Tensor): Tensor {
  return torch.noGrad(() => {
    const opts = { dtype: 'int64' as const, device: base.device };
    const scratch = torch.full([base.storage.length], -1, opts);
    const asBase = new torch.Tensor(scratch.storage, base.shape, base.strides, base.offset, 'int64');
    asBase.copy_(torch.arange(base.numel(), opts).reshape([...base.shape]));
    return new torch.Tensor(scratch.storage, view.shape, view.strides, view.offset, 'int64').contiguous();
  });
}

function meta(t: Tensor) {
  return { shape: t.shape, dtype: t.dtype, device: t.device };
}

/** view's history as a strided window onto its base's current history. */
function attachAsStrided(view: Tensor, base: Tensor, positions: Tensor): void {
  const baseShape = [...base.shape];
  const numel = base.numel();
  const flat = positions.reshape(-1);
  view.gradFn = new Node('AsStridedBackward0', [edgeOf(base)], [], 1, [meta(view)], (_ctx, grads) => {
    const g = grads[0]!;
    // Overlapping positions (an expand()ed view) add up, as the adjoint of reading them does.
    return [torch.zeros([numel], { dtype: g.dtype, device: g.device }).scatterAdd(0, flat, g.reshape(-1)).reshape(baseShape)];
  });
  view._outputNr = 0;
  view.requiresGrad = true;
  noteViewHistory(view);
}

/**
 * Brings a view's history up to date before autograd uses it: after an in-place write into its
 * storage (through it, its base or another view) the history it got at creation no longer describes
 * its values. A view of a tensor that requires grad but was taken before that (or under noGrad)
 * gets one too. No-op for views that are current and for tensors that are not views.
 */
export function refreshView(t: Tensor): void {
  const base = t._base;
  if (base === null || t._noGradView || historyVersion.get(t) === t.storage.version) return;
  // A view made a leaf itself (base.t().requiresGrad_()) owns its history.
  if (t.gradFn === null && t.requiresGrad) return;
  if (base.requiresGrad) attachAsStrided(t, base, positionsInBase(base, t));
  else if (t.gradFn !== null) {
    // The base lost its history (overwritten by constants): so did every value the view shows.
    t.gradFn = null;
    t.requiresGrad = false;
  }
}

/** Whether an in-place write into the view t may proceed; throws PyTorch's errors otherwise. */
export function checkViewWrite(t: Tensor, op: string): void {
  const base = t._base!;
  if (t._noGradView && base.requiresGrad) {
    throw new Error(
      `${op}: A view was created in no_grad mode and is being modified inplace with grad mode enabled (view of shape [${t.shape.join(', ')}]). ` +
        'Given that this use case is ambiguous and error-prone, it is forbidden. Move both the view and the in-place op inside torch.noGrad (if the write should not be tracked) or both outside (if it should).',
    );
  }
  if (base.requiresGrad && base.gradFn === null) {
    throw new Error(
      `${op}: a view of a leaf Variable that requires grad is being used in an in-place operation (view of shape [${t.shape.join(', ')}] ` +
        `of a leaf of shape [${base.shape.join(', ')}]). Wrap the update in torch.noGrad(() => ...), or write into a clone().`,
    );
  }
}

/**
 * After an in-place write into the view t of values `result` (null for constants): the base's new
 * history is CopySlices of its old one and of result, and t looks at that through AsStrided.
 */
export function copySlices(t: Tensor, result: Tensor | null): void {
  const base = t._base!;
  const written = result !== null && result.requiresGrad ? result : null;
  if (!base.requiresGrad && written === null) {
    refreshView(t); // constants into an untracked base: the view keeps no history either
    return;
  }
  const positions = positionsInBase(base, t);
  const flat = positions.reshape(-1);
  const viewShape = [...t.shape];
  const baseShape = [...base.shape];
  const resultDtype = written?.dtype;
  base.gradFn = new Node('CopySlices', [edgeOf(base), written === null ? null : edgeOf(written)], [], 1, [meta(base)], (_ctx, grads) => {
    const g = grads[0]!.reshape(-1);
    // The old values survive outside the written region; inside, the gradient goes to the written values.
    const outside = g.scatter(0, flat, 0).reshape(baseShape);
    if (written === null) return [outside, null];
    const inside = g.gather(0, flat).reshape(viewShape);
    return [outside, inside.dtype === resultDtype ? inside : inside.to(resultDtype!)];
  });
  base._outputNr = 0;
  base.requiresGrad = true;
  attachAsStrided(t, base, positions);
}
