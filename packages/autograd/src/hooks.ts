// Tensor hooks and retainGrad. A leaf's hooks are keyed by the tensor; a non-leaf's by the node and
// output that produce it, since that is where its gradient appears during backward.
import { keep as keepTensor, type Tensor } from '@x/tensor';
import { isNode, Node } from './graph';
import { refreshView } from './view-history';

export type GradHook = (grad: Tensor) => Tensor | void;

const leafHooks = new WeakMap<Tensor, GradHook[]>();
const nodeHooks = new WeakMap<Node, Map<number, GradHook[]>>();
const retained = new WeakMap<Node, Map<number, Tensor>>();

function hookList(t: Tensor): GradHook[] {
  if (isNode(t.gradFn)) {
    let byOutput = nodeHooks.get(t.gradFn);
    if (!byOutput) nodeHooks.set(t.gradFn, (byOutput = new Map()));
    let list = byOutput.get(t._outputNr);
    if (!list) byOutput.set(t._outputNr, (list = []));
    return list;
  }
  let list = leafHooks.get(t);
  if (!list) leafHooks.set(t, (list = []));
  return list;
}

export function registerHook(t: Tensor, fn: GradHook): { remove(): void } {
  refreshView(t);
  if (!t.requiresGrad) throw new Error(`registerHook: cannot register a hook on a tensor that doesn't require gradient (shape [${t.shape.join(', ')}])`);
  const list = hookList(t);
  list.push(fn);
  return {
    remove() {
      const i = list.indexOf(fn);
      if (i >= 0) list.splice(i, 1);
    },
  };
}

export function retainGrad(t: Tensor): void {
  refreshView(t);
  if (!t.requiresGrad) throw new Error(`retainGrad: can't retain_grad on a Tensor that has requiresGrad=false (shape [${t.shape.join(', ')}])`);
  if (!isNode(t.gradFn)) return; // leaves keep .grad anyway
  let byOutput = retained.get(t.gradFn);
  if (!byOutput) retained.set(t.gradFn, (byOutput = new Map()));
  byOutput.set(t._outputNr, t);
}

function runHooks(list: readonly GradHook[] | undefined, grad: Tensor): Tensor {
  let g = grad;
  for (const fn of list ?? []) {
    // A hook may keep the gradient it sees (or return one it keeps): backward's tidy must not free them.
    keepTensor(g);
    const r = fn(g);
    if (r !== undefined) g = keepTensor(r);
  }
  return g;
}

/** Whether t has gradient hooks of its own (a leaf's .grad then receives what they return). */
export function hasLeafHooks(t: Tensor): boolean {
  return (leafHooks.get(t)?.length ?? 0) > 0;
}

export function applyLeafHooks(t: Tensor, grad: Tensor): Tensor {
  return runHooks(leafHooks.get(t), grad);
}

/** Runs the hooks of a node's output gradient, and stores it on a retained tensor. */
export function applyNodeHooks(node: Node, outputNr: number, grad: Tensor): Tensor {
  const g = runHooks(nodeHooks.get(node)?.get(outputNr), grad);
  const keep = retained.get(node)?.get(outputNr);
  if (keep) keep.grad = keepTensor(keep.grad === null ? g.detach() : keep.grad.add(g).detach());
  return g;
}
