// CrossEntropyLoss and NLLLoss.
import { bindArgs, defineSignature, type Tensor } from '@x/tensor';
import { LossArgs, WeightedLoss } from './loss';

const NLL = defineSignature(
  "nn.NLLLoss(weight: Tensor | null = null, sizeAverage: boolean | null = null, ignoreIndex: number = -100, reduce: boolean | null = null, reduction: Reduction = 'mean')",
  { doc: 'Negative log-likelihood of log-probabilities at class-index targets.' },
);
const CROSS_ENTROPY = defineSignature(
  "nn.CrossEntropyLoss(weight: Tensor | null = null, sizeAverage: boolean | null = null, ignoreIndex: number = -100, reduce: boolean | null = null, reduction: Reduction = 'mean', labelSmoothing: number = 0.0)",
  { doc: 'logSoftmax and NLL in one: logits against class indices or class probabilities.' },
);
import { crossEntropy, nllLoss, type CrossEntropyOptions, type NLLLossOptions } from '../functional/losses-classification';

/** Negative log-likelihood of log-probabilities at class-index targets. */
export class NLLLoss extends WeightedLoss {
  /** The target value that contributes neither loss nor gradient (PyTorch's `ignore_index`, −100). */
  readonly ignoreIndex: number;
  constructor(options?: NLLLossOptions);
  constructor(...args: unknown[]) {
    super(new LossArgs(NLL, args));
    this.ignoreIndex = bindArgs<{ ignoreIndex: number }>(NLL, args).ignoreIndex;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, { weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction });
  }
}

/** logSoftmax and NLL in one: logits against class indices or class probabilities. */
export class CrossEntropyLoss extends WeightedLoss {
  /** The target value that contributes neither loss nor gradient (PyTorch's `ignore_index`, −100). */
  readonly ignoreIndex: number;
  /** How much of the target's mass spreads over all classes (PyTorch's `label_smoothing`). */
  readonly labelSmoothing: number;
  /** `new nn.CrossEntropyLoss()`, `new nn.CrossEntropyLoss(weight)`, `new nn.CrossEntropyLoss({ weight, ignoreIndex, labelSmoothing })`. */
  constructor(weight?: Tensor | null, options?: CrossEntropyOptions);
  constructor(options?: CrossEntropyOptions);
  constructor(...args: unknown[]) {
    super(new LossArgs(CROSS_ENTROPY, args));
    const a = bindArgs<{ ignoreIndex: number; labelSmoothing: number }>(CROSS_ENTROPY, args);
    this.ignoreIndex = a.ignoreIndex;
    this.labelSmoothing = a.labelSmoothing;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, {
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction,
      labelSmoothing: this.labelSmoothing,
    });
  }
}
