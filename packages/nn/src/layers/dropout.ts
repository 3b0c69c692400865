// Dropout: F.dropout in training mode, the identity in eval mode.
import type { Tensor } from '@x/tensor';
import { Module } from '../module';
import { checkDropoutProbability, dropout } from '../functional/dropout';
import { pyBool, pyFloat } from './repr';

export class Dropout extends Module {
  readonly p: number;
  readonly inplace: boolean;
  /** `new nn.Dropout(0.5)`, `new nn.Dropout(0.5, true)` or `new nn.Dropout({ p: 0.5, inplace: true })`. */
  constructor(p?: number | { p?: number; inplace?: boolean }, inplace?: boolean | { inplace?: boolean }) {
    super();
    const opts = typeof p === 'object' ? p : { p, inplace: typeof inplace === 'object' ? inplace.inplace : inplace };
    this.p = opts.p ?? 0.5;
    this.inplace = opts.inplace ?? false;
    checkDropoutProbability(this.p, 'Dropout');
  }
  override forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training, this.inplace);
  }
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}
