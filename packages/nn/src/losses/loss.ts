// Loss and WeightedLoss: PyTorch's _Loss and _WeightedLoss, the bases of the loss modules. They hold
// the options; forward(input, target) calls the functional form. Like PyTorch, they print with no
// options (`CrossEntropyLoss()`), and a class weight is a buffer (stateDict key 'weight').
import type { Tensor } from '@x/tensor';
import { Module } from '../module';
import { reductionOf, type Reduction, type ReductionOptions } from '../functional/losses-common';

export abstract class Loss extends Module {
  readonly reduction: Reduction;
  constructor(options: ReductionOptions = {}) {
    super();
    this.reduction = reductionOf(new.target.name, options);
  }
  abstract override forward(input: Tensor, target: Tensor): Tensor;
}

export abstract class WeightedLoss extends Loss {
  /** The rescaling weight (a buffer, moved by module.to()), or null. */
  declare weight: Tensor | null;
  constructor(options: ReductionOptions & { weight?: Tensor | null } = {}) {
    super(options);
    this.registerBuffer('weight', options.weight ?? null);
  }
}
