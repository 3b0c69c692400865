// BCELoss and BCEWithLogitsLoss.
import { bindArgs, defineSignature, type Tensor } from '@x/tensor';
import { LossArgs, WeightedLoss } from './loss';

const BCE = defineSignature("nn.BCELoss(weight: Tensor | null = null, sizeAverage: boolean | null = null, reduce: boolean | null = null, reduction: Reduction = 'mean')", { doc: 'Binary cross entropy of probabilities.' });
const BCE_LOGITS = defineSignature("nn.BCEWithLogitsLoss(weight: Tensor | null = null, sizeAverage: boolean | null = null, reduce: boolean | null = null, reduction: Reduction = 'mean', posWeight: Tensor | null = null)", {
  doc: 'Sigmoid and binary cross entropy in one stable step.',
});
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, type BCEOptions, type BCEWithLogitsOptions } from '../functional/losses-binary';

/** Binary cross entropy of probabilities (apply a sigmoid first; BCEWithLogitsLoss is stabler). */
export class BCELoss extends WeightedLoss {
  constructor(options?: BCEOptions);
  constructor(...args: unknown[]) {
    super(new LossArgs(BCE, args));
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/** Sigmoid and binary cross entropy in one stable step, with an optional weight for positives. */
export class BCEWithLogitsLoss extends WeightedLoss {
  // PyTorch's buffer name, so that the stateDict key is 'pos_weight'; read it as posWeight.
  /** The weight of positive examples per class, as PyTorch's state dict names it (a buffer). */
  declare pos_weight: Tensor | null;
  constructor(options?: BCEWithLogitsOptions);
  constructor(...args: unknown[]) {
    super(new LossArgs(BCE_LOGITS, args));
    this.registerBuffer('pos_weight', bindArgs<{ posWeight: Tensor | null }>(BCE_LOGITS, args).posWeight);
  }
  /** The weight of positive examples per class, or null (PyTorch's `pos_weight`). */
  get posWeight(): Tensor | null {
    return this.pos_weight;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, { weight: this.weight, posWeight: this.pos_weight, reduction: this.reduction });
  }
}
