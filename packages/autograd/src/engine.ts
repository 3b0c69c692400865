// The backward pass: gradients flow from the roots through the recorded nodes in dependency order
// (a node runs once all its consumers have contributed), then accumulate into leaves' .grad or,
// for the functional grad(), are captured for the requested inputs.
import { enableGrad, keep, noGrad, tidy, type Tensor } from '@x/tensor';
import { isNode, Node, type Edge } from './graph';
import { applyLeafHooks, applyNodeHooks, hasLeafHooks } from './hooks';
import { gradEdge } from './record';

export interface RunOptions {
  retainGraph: boolean;
  createGraph: boolean;
  /** Functional mode: capture the gradients of these tensors instead of accumulating into leaves. */
  capture?: readonly Tensor[];
}

function add(a: Tensor | null, b: Tensor): Tensor {
  return a === null ? b : a.add(b);
}

/** Runs backward from `roots` seeded with `grads`; returns the captured gradients in capture mode. */
export function runBackward(roots: readonly Tensor[], grads: readonly Tensor[], options: RunOptions): (Tensor | null)[] {
  // Rules build their gradients with tensor ops: recorded only when a graph of the gradient is wanted.
  // Without one, the intermediate gradients are freed as soon as backward ends (a tidy): only the
  // leaves' .grad (kept) and the captured gradients (returned) live on.
  if (options.createGraph) return enableGrad(() => run(roots, grads, options));
  return noGrad(() => tidy(() => run(roots, grads, options)));
}

function run(roots: readonly Tensor[], seeds: readonly Tensor[], options: RunOptions): (Tensor | null)[] {
  const captured = new Map<Tensor, Tensor | null>((options.capture ?? []).map((t) => [t, null]));
  const captureAt = new Map<Node, Map<number, Tensor[]>>();
  for (const t of options.capture ?? []) {
    if (isNode(t.gradFn)) {
      const m = captureAt.get(t.gradFn) ?? new Map<number, Tensor[]>();
      captureAt.set(t.gradFn, m);
      m.set(t._outputNr, [...(m.get(t._outputNr) ?? []), t]);
    }
  }

  // Count, for every reachable node, how many edges feed it.
  const deps = new Map<Node, number>();
  // and how many edges reach every leaf: one alone may have its gradient added to its .grad by the rule (RuleArgs.into)
  const leafEdges = new Map<Tensor, number>();
  const stack: Node[] = [];
  const visit = (e: Edge | null) => {
    if (e?.kind === 'leaf') leafEdges.set(e.tensor, (leafEdges.get(e.tensor) ?? 0) + 1);
    if (e?.kind !== 'node') return;
    const seen = deps.has(e.node);
    deps.set(e.node, (deps.get(e.node) ?? 0) + 1);
    if (!seen) stack.push(e.node);
  };
  const rootEdges = roots.map(gradEdge);
  rootEdges.forEach(visit);
  while (stack.length) for (const e of stack.pop()!.next) visit(e);

  const buffers = new Map<Node, (Tensor | null)[]>();
  // A leaf reached by several edges gets their sum: its hooks see one gradient, as in PyTorch.
  const leafBuffers = new Map<Tensor, Tensor>();
  const ready: Node[] = [];
  const deliver = (e: Edge | null, g: Tensor | null | undefined) => {
    if (e === null) return;
    if (e.kind === 'leaf') {
      if (g) leafBuffers.set(e.tensor, add(leafBuffers.get(e.tensor) ?? null, g));
      return;
    }
    const buf = buffers.get(e.node) ?? new Array<Tensor | null>(e.node.numOutputs).fill(null);
    buffers.set(e.node, buf);
    if (g) buf[e.outputNr] = add(buf[e.outputNr]!, g);
    const left = deps.get(e.node)! - 1;
    deps.set(e.node, left);
    if (left === 0) ready.push(e.node);
  };
  rootEdges.forEach((e, i) => deliver(e, seeds[i]!));

  const accumulates = options.capture === undefined && !options.createGraph;
  const visited: Node[] = [];
  while (ready.length) {
    const node = ready.pop()!;
    visited.push(node);
    const buf = (buffers.get(node) ?? []).map((g, i) => (g === null ? null : applyNodeHooks(node, i, g)));
    buffers.delete(node);
    captureAt.get(node)?.forEach((tensors, nr) => tensors.forEach((t) => captured.set(t, buf[nr] ?? null)));
    if (buf.every((g) => g === null)) {
      node.next.forEach((e) => deliver(e, null));
      continue;
    }
    const into = accumulates ? intoLeaves(node, leafEdges) : undefined;
    const inputGrads = node.apply(buf, into);
    node.next.forEach((e, i) => {
      const g = inputGrads[i] ?? null;
      // added to the leaf's .grad in place by the rule: count the write, as add_ would
      if (g !== null && into?.[i] === g) g.storage.version++;
      else deliver(e, g);
    });
  }
  for (const [t, g] of leafBuffers) deliverToLeaf(t, g, options, captured);
  if (!options.retainGraph) for (const n of visited) n.release();
  return (options.capture ?? []).map((t) => captured.get(t) ?? null);
}

/** Per input of `node`: the .grad a rule may add that input's gradient to (RuleArgs.into), or null; undefined when none. */
function intoLeaves(node: Node, leafEdges: Map<Tensor, number>): (Tensor | null)[] | undefined {
  let any = false;
  const into = node.next.map((e) => {
    if (e?.kind !== 'leaf') return null;
    const grad = e.tensor.grad;
    if (grad === null || grad.requiresGrad || leafEdges.get(e.tensor) !== 1 || hasLeafHooks(e.tensor)) return null;
    any = true;
    return grad;
  });
  return any ? into : undefined;
}

function deliverToLeaf(t: Tensor, grad: Tensor, options: RunOptions, captured: Map<Tensor, Tensor | null>): void {
  if (options.capture) {
    // grad() returns the gradient as computed; leaf hooks belong to .grad accumulation (as PyTorch 1.13).
    if (captured.has(t)) captured.set(t, add(captured.get(t)!, grad));
    return;
  }
  const g = applyLeafHooks(t, grad);
  if (options.createGraph) {
    t.grad = keep(t.grad === null ? g : t.grad.add(g));
    return;
  }
  // Accumulate in place, without history; the first gradient is copied so .grad never aliases it.
  if (t.grad === null) t.grad = keep(g.detach().clone());
  else noGrad(() => t.grad!.add_(g));
}
