// Loss and WeightedLoss: PyTorch's _Loss and _WeightedLoss, the bases of the loss modules. They hold
// the options; forward(input, target) calls the functional form. Like PyTorch, they print with no
// options (`CrossEntropyLoss()`), and a class weight is a buffer (stateDict key 'weight').
// Each loss declares its constructor's signature (PyTorch's parameters, deprecated sizeAverage and
// reduce included) and binds its arguments with it; the bases take what it bound.
import { bindArgs, defineSignature, type Signature, type Tensor } from '@x/tensor';
import { Module } from '../module';
import { reductionOf, type LegacyReductionOptions, type Reduction } from '../functional/losses-common';

const LOSS = defineSignature("nn.Loss(sizeAverage: boolean | null = null, reduce: boolean | null = null, reduction: Reduction = 'mean')", { doc: 'The base of the losses (PyTorch\'s _Loss).' });
const WEIGHTED_LOSS = defineSignature("nn.WeightedLoss(weight: Tensor | null = null, sizeAverage: boolean | null = null, reduce: boolean | null = null, reduction: Reduction = 'mean')", {
  doc: 'The base of the losses with a class weight (PyTorch\'s _WeightedLoss).',
});

/** A loss subclass's signature and arguments, handed to its base: `super(new LossArgs(SIG, args))`. */
export class LossArgs {
  constructor(
    readonly signature: Signature,
    readonly args: readonly unknown[],
  ) {}
}

/** Binds a loss constructor's arguments with the subclass's signature (or the base's), reduction resolved. */
function bindLoss<T extends object>(name: string, init: readonly unknown[], fallback: Signature): T & { reduction: Reduction } {
  const given = init.length === 1 && init[0] instanceof LossArgs ? init[0] : new LossArgs(fallback, init);
  const bound = bindArgs<T & LegacyReductionOptions>(given.signature, given.args);
  return { ...bound, reduction: reductionOf(name, bound) };
}

/** The base of the losses: holds `reduction` (PyTorch's `_Loss`). */
export abstract class Loss extends Module {
  /** `'mean'`, `'sum'` or `'none'`. */
  readonly reduction: Reduction;
  /** `super()` in a loss of your own: `{ reduction }` (and PyTorch's deprecated sizeAverage, reduce) by position or name. */
  constructor(...args: unknown[]) {
    super();
    this.reduction = bindLoss<object>(new.target.name, args, LOSS).reduction;
  }
  abstract override forward(input: Tensor, target: Tensor): Tensor;
}

/** A loss with a per-class `weight` buffer (PyTorch's `_WeightedLoss`). */
export abstract class WeightedLoss extends Loss {
  /** The rescaling weight (a buffer, moved by module.to()), or null. */
  declare weight: Tensor | null;
  constructor(...args: unknown[]) {
    const bound = bindLoss<{ weight: Tensor | null }>(new.target.name, args, WEIGHTED_LOSS);
    super({ reduction: bound.reduction });
    this.registerBuffer('weight', bound.weight ?? null);
  }
}
