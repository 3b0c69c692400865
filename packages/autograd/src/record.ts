// Recording: when an op reports its inputs and output, attach a Node to the output. Only floating
// outputs are differentiable; an op without a gradient rule is an error, never a silent zero.
import { isFloating, isGradEnabled, type OpAttrs, type Tensor } from '@x/tensor';
import { edgeOf, isNode, Node, type Edge, type Saved } from './graph';
import { ruleFor, type InputMeta } from './rules/registry';
import { checkViewWrite, copySlices, noteViewHistory, refreshView } from './view-history';

/** t's edge, once a view's history is brought up to date. */
export function gradEdge(t: Tensor): Edge | null {
  refreshView(t);
  return edgeOf(t);
}

function meta(t: Tensor | null): InputMeta | null {
  return t === null ? null : { shape: t.shape, dtype: t.dtype, device: t.device };
}

export function record(op: string, inputs: readonly (Tensor | null)[], outputs: readonly Tensor[], attrs: OpAttrs): void {
  const output = outputs[0];
  if (output === undefined || !isFloating(output.dtype)) return;
  const rule = ruleFor(op);
  if (!rule) {
    throw new Error(`autograd: the op '${op}' has no gradient rule, so its result cannot require grad; compute it under torch.noGrad() or detach() its inputs`);
  }
  const next = inputs.map((t) => (t === null ? null : gradEdge(t)));
  const saved: Saved[] = (rule.save?.(inputs, output, attrs) ?? []).map((t) => ({ tensor: t, version: t.storage.version }));
  const inputMeta = inputs.map(meta);
  const needs = next.map((e) => e !== null);
  const name = typeof rule.name === 'function' ? rule.name(attrs) : rule.name;
  const node = new Node(name, next, saved, 1, [meta(output)!], (ctx, grads) => {
    const grad = grads[0]!;
    return rule.backward({ grad, saved: saved.map((_, i) => ctx.saved(i)), attrs, inputs: inputMeta, needs, into: ctx.into });
  });
  output.gradFn = node;
  output._outputNr = 0;
  output.requiresGrad = true;
  noteViewHistory(output);
}

/** Whether an in-place write may proceed; throws PyTorch's errors otherwise. */
export function beforeInPlace(t: Tensor, op: string, sources: readonly Tensor[]): void {
  if (!isGradEnabled()) return;
  // x.mul_(y) records x * y, which saved x itself: keep the original values for its backward.
  for (const s of sources) if (isNode(s.gradFn)) s.gradFn.preserveSaved(t.storage);
  if (t.requiresGrad && t.gradFn === null) {
    throw new Error(
      `${op}: a leaf Variable that requires grad is being used in an in-place operation (shape [${t.shape.join(', ')}]). ` +
        'Wrap the update in torch.noGrad(() => ...), update x.data, or use the out-of-place op.',
    );
  }
  if (t._base !== null) checkViewWrite(t, op);
}

/** After an in-place write: t now carries the history of the values written into it. */
export function afterInPlace(t: Tensor, result: Tensor | null): void {
  if (t._base !== null) copySlices(t, result);
  else if (result !== null && result.requiresGrad && result.gradFn !== null) {
    t.gradFn = result.gradFn;
    t._outputNr = result._outputNr;
    t.requiresGrad = true;
  } else if (t.gradFn !== null) {
    // Overwritten by constants: no gradient flows to the old history.
    t.gradFn = null;
    t.requiresGrad = false;
  }
}
