// Custom autograd functions, as PyTorch's torch.autograd.Function:
//
//   class Exp extends autograd.Function {
//     static forward(ctx: FunctionCtx, x: Tensor) { const y = x.exp(); ctx.saveForBackward(y); return y; }
//     static backward(ctx: FunctionCtx, g: Tensor) { const [y] = ctx.savedTensors; return g.mul(y!); }
//   }
//   const y = Exp.apply(x);   // y.gradFn.name === 'ExpBackward'
//
// apply() runs forward under noGrad, then, when an input requires grad, gives the outputs one node
// whose backward calls the class's backward with the outputs' gradients and checks what it returns
// (one gradient per forward input, shapes that fit).
import { formatShape, isGradEnabled, isTensor, noGrad, zeros, type Tensor } from '@x/tensor';
import { Node, type BackwardContext, type Edge, type Saved } from './graph';
import { gradEdge } from './record';

/** The `ctx` that forward and backward share (PyTorch's FunctionCtx). */
export class FunctionCtx {
  /** Per forward input: whether it is a tensor that requires grad (with grad mode on). */
  needsInputGrad: readonly boolean[] = [];
  private toSave: readonly Tensor[] = [];
  private dirty = new Set<Tensor>();
  private nonDifferentiable = new Set<Tensor>();
  private materialize = true;
  /** Set while backward runs: reads the saved tensors through the node (version and release checks). */
  private reader: BackwardContext | null = null;
  private savedCount = 0;

  /** Keeps tensors (inputs or outputs) for backward; read them there as `ctx.savedTensors`. Call once, in forward. */
  saveForBackward(...tensors: (Tensor | null | undefined)[]): void {
    tensors.forEach((t, i) => {
      if (t !== null && t !== undefined && !isTensor(t)) throw new TypeError(`saveForBackward: argument ${i} is not a Tensor (got ${typeof t}); keep other values as ctx properties`);
    });
    this.toSave = tensors.map((t) => t ?? null) as Tensor[];
  }

  /**
   * The tensors given to saveForBackward, checked against in-place changes since; after the graph
   * was freed (a backward without retainGraph), reading them throws as PyTorch's does.
   */
  get savedTensors(): (Tensor | null)[] {
    if (this.reader === null) return [...this.toSave];
    const reader = this.reader;
    return Array.from({ length: this.savedCount }, (_, i) => (this.toSave[i] === null ? null : reader.saved(i)));
  }

  /** Inputs that forward modified in place (and returns): they take the function's history. */
  markDirty(...tensors: Tensor[]): void {
    this.dirty = new Set(tensors);
  }

  /** Outputs that get no gradient (indices, masks): they do not require grad; backward sees zeros for them. */
  markNonDifferentiable(...tensors: Tensor[]): void {
    this.nonDifferentiable = new Set(tensors);
  }

  /** With false, backward gets null (not zeros) for outputs that received no gradient. Default true. */
  setMaterializeGrads(value: boolean): void {
    this.materialize = value;
  }

  /** @internal apply()'s access to what forward declared. */
  static declared(ctx: FunctionCtx) {
    return { toSave: ctx.toSave, dirty: ctx.dirty, nonDifferentiable: ctx.nonDifferentiable, materialize: () => ctx.materialize };
  }

  /** @internal The node's saved-tensor reader, for the duration of a backward call. */
  static reading<T>(ctx: FunctionCtx, reader: BackwardContext, count: number, body: () => T): T {
    ctx.reader = reader;
    ctx.savedCount = count;
    try {
      return body();
    } finally {
      ctx.reader = null;
    }
  }
}

type Forward<A extends unknown[], R> = { forward(ctx: FunctionCtx, ...args: A): R; backward(ctx: FunctionCtx, ...grads: (Tensor | null)[]): unknown; name: string };

const isFloatTensor = (t: Tensor) => t.dtype === 'float32' || t.dtype === 'float64';

/** A custom autograd operation (torch.autograd.Function): subclass with static forward(ctx, ...) and backward(ctx, ...grads), call with MyFn.apply(...). */
export class Function {
  /** Computes the outputs from the inputs (runs under noGrad). Subclasses define it, static. */
  static forward(_ctx: FunctionCtx, ..._args: unknown[]): unknown {
    throw new Error(`${this.name}: define static forward(ctx, ...inputs) in your autograd.Function subclass`);
  }

  /** The inputs' gradients from the outputs' (one per forward input; null for inputs without one). */
  static backward(_ctx: FunctionCtx, ..._grads: (Tensor | null)[]): unknown {
    throw new Error(`${this.name}: define static backward(ctx, ...gradOutputs) in your autograd.Function subclass`);
  }

  /** Runs the function: `MyFn.apply(x, y)`, as PyTorch's `MyFn.apply(x, y)`. */
  static apply<A extends unknown[], R>(this: Forward<A, R>, ...args: A): R {
    return applyFunction(this, args);
  }
}

/** Function.apply for `cls`: forward under noGrad, then one node for the outputs when an input requires grad. */
function applyFunction<A extends unknown[], R>(cls: Forward<A, R>, args: A): R {
  if (cls.forward === Function.forward) throw new Error(`${cls.name}: define static forward(ctx, ...inputs) in your autograd.Function subclass`);
  const ctx = new FunctionCtx();
  const tracking = isGradEnabled();
  const edges: (Edge | null)[] = args.map((a) => (tracking && isTensor(a) ? gradEdge(a) : null));
  ctx.needsInputGrad = edges.map((e) => e !== null);
  const raw = noGrad(() => cls.forward(ctx, ...args));
  if (!edges.some((e) => e !== null)) return raw;

  const { toSave, dirty, nonDifferentiable, materialize } = FunctionCtx.declared(ctx);
  const single = !Array.isArray(raw);
  const outputs = (single ? [raw] : (raw as unknown[])).map((o) => {
    if (!isTensor(o)) return o;
    if (dirty.has(o)) {
      if (o.requiresGrad && o.gradFn === null) {
        throw new Error(`${cls.name}: a leaf Variable that requires grad (shape ${formatShape(o.shape)}) has been used in an in-place operation (markDirty); clone() it before passing it in`);
      }
      return o;
    }
    // an input returned as it is becomes a new tensor over the same data, as PyTorch's view of it
    return args.includes(o) ? o.detach() : o;
  });
  const tensorsOut = outputs.filter(isTensor);
  const saved: Saved[] = toSave.map((t) => (t === null ? { tensor: zeros([0]), version: 0 } : { tensor: t, version: t.storage.version }));
  const meta = tensorsOut.map((t) => ({ shape: t.shape, dtype: t.dtype, device: t.device }));
  const inputMeta = args.map((a) => (isTensor(a) ? { shape: a.shape, dtype: a.dtype, device: a.device } : null));
  const name = `${cls.name}Backward`;

  const node = new Node(name, edges, saved, tensorsOut.length, meta, (reader, grads) => {
    const gradOutputs = grads.map((g, i) => (g === null && materialize() ? zeros([...meta[i]!.shape], { dtype: meta[i]!.dtype as Tensor['dtype'], device: meta[i]!.device }) : g));
    const result = FunctionCtx.reading(ctx, reader, toSave.length, () => cls.backward(ctx, ...gradOutputs));
    const list = Array.isArray(result) ? (result as unknown[]) : [result];
    if (list.length !== args.length) {
      // PyTorch allows extra trailing Nones only
      const extra = list.slice(args.length);
      if (list.length < args.length || extra.some((g) => g !== null && g !== undefined)) {
        throw new Error(`function ${name} returned an incorrect number of gradients (expected ${args.length}, got ${list.length})`);
      }
    }
    return args.map((_, i) => {
      const g = list[i];
      if (g === null || g === undefined || edges[i] === null) return null;
      if (!isTensor(g)) throw new TypeError(`function ${name} returned a ${typeof g} as the gradient of input ${i}; return a Tensor or null`);
      const want = inputMeta[i]!;
      let grad = g;
      if (!sameShape(g.shape, want.shape)) {
        // as PyTorch's validate_outputs: a gradient the input's shape broadcasts to is summed down to it
        if (!expandable(want.shape, g.shape)) {
          throw new Error(`Function ${name} returned an invalid gradient at index ${i} - got ${formatShape(g.shape)} but expected shape compatible with ${formatShape(want.shape)}`);
        }
        grad = sumTo(g, want.shape);
      }
      return grad.dtype === want.dtype ? grad : grad.to(want.dtype);
    });
  }, { savedTensorsOnly: true });

  let nr = 0;
  for (const t of tensorsOut) {
    const out = nr++;
    if (nonDifferentiable.has(t) || !isFloatTensor(t)) continue;
    t.gradFn = node;
    t._outputNr = out;
    t.requiresGrad = true;
  }
  return (single ? outputs[0] : outputs) as R;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** Whether `shape` broadcasts to `target` (PyTorch's is_expandable_to). */
function expandable(shape: readonly number[], target: readonly number[]): boolean {
  if (shape.length > target.length) return false;
  const lead = target.length - shape.length;
  return shape.every((s, i) => s === target[lead + i] || s === 1);
}

/** Sums a broadcast gradient back down to `shape` (PyTorch's sum_to). */
function sumTo(g: Tensor, shape: readonly number[]): Tensor {
  const lead = g.ndim - shape.length;
  const dims = g.shape.map((_, d) => d).filter((d) => d < lead || (shape[d - lead] === 1 && g.shape[d] !== 1));
  const summed = dims.length ? g.sum(dims, true) : g;
  return summed.reshape([...shape]);
}

