// Dropout: F.dropout in training mode, the identity in eval mode.
import { bindArgs, defineSignature, type Tensor } from '@x/tensor';
import { Module } from '../module';
import { checkDropoutProbability, dropout } from '../functional/dropout';
import { pyBool, pyFloat } from './repr';

const DROPOUT = defineSignature('nn.Dropout(p: number = 0.5, inplace: boolean = false)', { doc: 'Zeroes elements with probability p in training, scaling the rest by 1 / (1 - p).' });

/** Zeroes each element with probability p in training, scaling the rest by 1/(1−p) (PyTorch's `nn.Dropout`). */
export class Dropout extends Module {
  /** The probability of zeroing an element. */
  readonly p: number;
  /** Whether the input is overwritten. */
  readonly inplace: boolean;
  /** `new nn.Dropout(0.5)`, `new nn.Dropout(0.5, true)` or `new nn.Dropout({ p: 0.5, inplace: true })`. */
  constructor(p?: number, inplace?: boolean | { inplace?: boolean });
  constructor(options: { p?: number; inplace?: boolean });
  constructor(...args: unknown[]) {
    super();
    const a = bindArgs<{ p: number; inplace: boolean }>(DROPOUT, args);
    this.p = a.p;
    this.inplace = a.inplace;
    checkDropoutProbability(this.p, 'Dropout');
  }
  override forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training, this.inplace);
  }
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}
