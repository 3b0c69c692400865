// tensor.backward() and the functional grad(), with PyTorch's checks and messages.
import { formatShape, onesLike, type Tensor } from '@x/tensor';
import { runBackward } from './engine';
import { refreshView } from './view-history';

function seed(op: string, output: Tensor, gradient: Tensor | null | undefined, index: number): Tensor {
  refreshView(output);
  if (!output.requiresGrad) {
    throw new Error(`${op}: element ${index} of tensors does not require grad and does not have a grad_fn (shape ${formatShape(output.shape)}); did you create the inputs with { requiresGrad: true } and compute it outside torch.noGrad?`);
  }
  if (gradient === undefined || gradient === null) {
    if (output.numel() !== 1) {
      throw new Error(`${op}: grad can be implicitly created only for scalar outputs (got shape ${formatShape(output.shape)}); pass a gradient of the output's shape, e.g. y.backward(torch.onesLike(y))`);
    }
    return onesLike(output);
  }
  if (gradient.shape.length !== output.shape.length || gradient.shape.some((s, i) => s !== output.shape[i])) {
    throw new Error(`${op}: mismatch in shape: grad_output[${index}] has a shape of ${formatShape(gradient.shape)} and output[${index}] has a shape of ${formatShape(output.shape)}`);
  }
  return gradient;
}

/** Options of `backward`: `retainGraph` (keep the graph for another backward) and `createGraph` (record the backward for higher-order gradients). */
export interface BackwardOptions {
  /** Keep the graph's saved tensors so backward can run through it again. */
  retainGraph?: boolean;
  /** Record the backward pass itself, for higher-order derivatives. */
  createGraph?: boolean;
}

export function backward(output: Tensor, gradient?: Tensor, options: BackwardOptions = {}): void {
  const g = seed('backward', output, gradient, 0);
  const createGraph = options.createGraph ?? false;
  runBackward([output], [g], { retainGraph: options.retainGraph ?? createGraph, createGraph });
}

/** Options of `grad` (PyTorch's `torch.autograd.grad`): BackwardOptions plus `gradOutputs` and `allowUnused`. */
export interface GradOptions extends BackwardOptions {
  /** The gradients of the outputs (needed for non-scalar outputs). */
  gradOutputs?: Tensor | readonly (Tensor | null)[];
  /** Return null for an input the outputs do not depend on, instead of throwing. */
  allowUnused?: boolean;
}

/** torch.autograd.grad: the gradients of `outputs` with respect to `inputs`, without touching .grad. */
export function grad(outputs: Tensor | readonly Tensor[], inputs: Tensor | readonly Tensor[], options: GradOptions = {}): (Tensor | null)[] {
  const outs = Array.isArray(outputs) ? (outputs as readonly Tensor[]) : [outputs as Tensor];
  const ins = Array.isArray(inputs) ? (inputs as readonly Tensor[]) : [inputs as Tensor];
  const given = options.gradOutputs === undefined ? [] : Array.isArray(options.gradOutputs) ? options.gradOutputs : [options.gradOutputs];
  ins.forEach((t, i) => {
    refreshView(t);
    if (!t.requiresGrad) throw new Error(`grad: input ${i} (shape ${formatShape(t.shape)}) does not require grad; create it with { requiresGrad: true }`);
  });
  const seeds = outs.map((o, i) => seed('grad', o, (given as readonly (Tensor | null)[])[i], i));
  const createGraph = options.createGraph ?? false;
  const result = runBackward(outs, seeds, { retainGraph: options.retainGraph ?? createGraph, createGraph, capture: ins });
  result.forEach((g, i) => {
    if (g === null && !options.allowUnused) {
      throw new Error(`grad: one of the differentiated Tensors (input ${i}, shape ${formatShape(ins[i]!.shape)}) appears to not have been used in the graph. Set allowUnused: true if this is the desired behavior.`);
    }
  });
  return result;
}
