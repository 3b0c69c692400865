// The recorded graph: a Node per op application, with an edge per differentiable input to the node
// that produced it (or to the leaf tensor that accumulates the gradient).
import { enableGrad, noGrad, type Tensor } from '@x/tensor';
import { keepsNoSavedTensor } from './saved-free';

/** Where a gradient flows: output `outputNr` of `node`, or straight into a leaf tensor. */
export type Edge = { kind: 'node'; node: Node; outputNr: number } | { kind: 'leaf'; tensor: Tensor };

/** Where t's gradient goes: the output of the node that made it, its own .grad (a leaf), or nowhere. */
export function edgeOf(t: Tensor): Edge | null {
  if (!t.requiresGrad) return null;
  return isNode(t.gradFn) ? { kind: 'node', node: t.gradFn, outputNr: t._outputNr } : { kind: 'leaf', tensor: t };
}

/** A tensor kept for backward, with the storage version it had when saved. */
export interface Saved {
  tensor: Tensor;
  version: number;
}

export interface BackwardContext {
  /** The saved tensor, checked against in-place changes since it was saved. */
  saved(i: number): Tensor;
  /** Per input, the leaf's .grad its gradient may be added to in place (see RuleArgs.into), or null. */
  readonly into: readonly (Tensor | null)[] | undefined;
}

export type BackwardFn = (ctx: BackwardContext, grads: readonly (Tensor | null)[]) => readonly (Tensor | null | undefined)[];

function secondTime(name: string): Error {
  return new Error(
    `${name}: Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). ` +
      'Saved intermediate values of the graph are freed when you call backward() or grad(). Pass { retainGraph: true } to the first call ' +
      'if you need to backward through the graph a second time or to access saved tensors after calling backward.',
  );
}

const NODE_BRAND = Symbol.for('@x/autograd.Node');

/** A recorded node, also one made by another copy of this package (a CJS and an ESM copy in one process). */
export function isNode(x: unknown): x is Node {
  return x instanceof Node || (typeof x === 'object' && x !== null && (x as { [NODE_BRAND]?: true })[NODE_BRAND] === true);
}

export class Node {
  readonly [NODE_BRAND] = true;
  /** Grads for each input; null where an input needs none. */
  readonly next: readonly (Edge | null)[];
  private savedTensors: Saved[] | null;
  /** Set by release(): the node's saved tensors are gone and it refuses to run again. */
  private released = false;
  constructor(
    /** PyTorch's name; a composite op renames its last node after itself (nameGradFn). */
    public name: string,
    next: (Edge | null)[],
    saved: Saved[],
    readonly numOutputs: number,
    readonly outputMeta: readonly { shape: readonly number[]; dtype: string; device: string }[],
    private readonly fn: BackwardFn,
    /**
     * savedTensorsOnly: the node refuses a second backward only if it saved tensors (a custom
     * autograd.Function's node, as PyTorch's PyNode); otherwise PyTorch's op name decides (saved-free.ts).
     */
    private readonly options: { savedTensorsOnly?: boolean } = {},
  ) {
    this.next = next;
    this.savedTensors = saved;
  }

  apply(grads: readonly (Tensor | null)[], into?: readonly (Tensor | null)[]): readonly (Tensor | null | undefined)[] {
    const saved = this.savedTensors;
    if (this.released || saved === null) throw secondTime(this.name);
    const ctx: BackwardContext = {
      into,
      saved: (i) => {
        const s = saved[i]!;
        if (s.tensor.storage.version !== s.version) {
          throw new Error(
            `one of the variables needed for gradient computation has been modified by an inplace operation: [${s.tensor.dtype} [${s.tensor.shape.join(', ')}]], ` +
              `which is needed by ${this.name}, is at version ${s.tensor.storage.version}; expected version ${s.version} instead. ` +
              'Use the out-of-place op (e.g. add instead of add_), or clone() the tensor before modifying it.',
          );
        }
        return s.tensor;
      },
    };
    return this.fn(ctx, grads);
  }

  /** Replaces saved tensors over `storage` by copies, before an in-place write into it. */
  preserveSaved(storage: Tensor['storage']): void {
    const saved = this.savedTensors;
    if (saved === null) return;
    this.savedTensors = saved.map((s) => {
      if (s.tensor.storage !== storage || s.tensor.storage.version !== s.version) return s;
      // The copy keeps the original's history, so a graph of the gradient (createGraph) still reaches it.
      const copy = s.tensor.requiresGrad ? enableGrad(() => s.tensor.clone()) : noGrad(() => s.tensor.clone());
      return { tensor: copy, version: copy.storage.version };
    });
  }

  /** Frees the saved tensors after a backward without retainGraph, as PyTorch does (see saved-free.ts). */
  release(): void {
    const keepsNothing = this.options.savedTensorsOnly ? this.savedTensors?.length === 0 : keepsNoSavedTensor(this.name);
    if (keepsNothing) return;
    this.savedTensors = null;
    this.released = true;
  }

  toString(): string {
    return `<${this.name}>`;
  }
}
