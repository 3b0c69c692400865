// BCELoss and BCEWithLogitsLoss.
import type { Tensor } from '@x/tensor';
import { WeightedLoss } from './loss';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, type BCEOptions, type BCEWithLogitsOptions } from '../functional/losses-binary';

/** Binary cross entropy of probabilities (apply a sigmoid first; BCEWithLogitsLoss is stabler). */
export class BCELoss extends WeightedLoss {
  constructor(options: BCEOptions = {}) {
    super(options);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/** Sigmoid and binary cross entropy in one stable step, with an optional weight for positives. */
export class BCEWithLogitsLoss extends WeightedLoss {
  // PyTorch's buffer name, so that the stateDict key is 'pos_weight'; read it as posWeight.
  declare pos_weight: Tensor | null;
  constructor(options: BCEWithLogitsOptions = {}) {
    super(options);
    this.registerBuffer('pos_weight', options.posWeight ?? null);
  }
  get posWeight(): Tensor | null {
    return this.pos_weight;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, { weight: this.weight, posWeight: this.pos_weight, reduction: this.reduction });
  }
}
