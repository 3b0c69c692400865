// LayerNorm: normalises the last dims of each sample; weight ones, bias zeros.
import { bindArgs, defineSignature, empty, type Tensor } from '@x/tensor';
import { Module } from '../module';
import { Parameter } from '../parameter';
import { ones_, zeros_ } from '../init';
import { layerNorm } from '../functional/normalization';
import type { FactoryOptions } from './linear';
import { pyBool, pyFloat, pyIntOrTuple } from './repr';

/** LayerNorm's options: `eps`, `elementwiseAffine`, `bias`, and the factory options. */
export interface LayerNormModuleOptions extends FactoryOptions {
  eps?: number;
  /** Learnable per-element weight (and bias). Default true. */
  elementwiseAffine?: boolean;
  /** With elementwiseAffine, also a learnable bias. Default true. */
  bias?: boolean;
}

const LAYER_NORM = defineSignature(
  'nn.LayerNorm(normalizedShape: number | number[], eps: number = 1e-5, elementwiseAffine: boolean = true, device?: string, dtype?: DType, *, bias: boolean = true)',
  { doc: 'Normalises the last dims (normalizedShape) of each sample; bias is a later PyTorch option.' },
);

/** Normalizes over the last dims (normalizedShape), then scales and shifts (PyTorch's `nn.LayerNorm`). */
export class LayerNorm extends Module {
  /** The scale, of normalizedShape (null without elementwiseAffine). */
  weight: Parameter | null;
  /** The shift, of normalizedShape (null without elementwiseAffine or bias). */
  bias: Parameter | null;
  /** The trailing shape normalized over. */
  readonly normalizedShape: readonly number[];
  /** Added to the variance for stability. */
  readonly eps: number;
  /** Whether weight and bias are learned (PyTorch's `elementwise_affine`). */
  readonly elementwiseAffine: boolean;
  constructor(normalizedShape: number | readonly number[], eps?: number, elementwiseAffine?: boolean, options?: LayerNormModuleOptions);
  constructor(normalizedShape: number | readonly number[], options?: LayerNormModuleOptions);
  constructor(options: LayerNormModuleOptions & { normalizedShape: number | readonly number[] });
  constructor(...args: unknown[]) {
    super();
    const options = bindArgs<Required<Omit<LayerNormModuleOptions, 'device' | 'dtype'>> & FactoryOptions & { normalizedShape: number | readonly number[] }>(LAYER_NORM, args);
    const normalizedShape = options.normalizedShape;
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (this.normalizedShape.some((s) => !Number.isInteger(s) || s < 0)) {
      throw new RangeError(`LayerNorm: normalized_shape must hold non-negative integers, got [${this.normalizedShape.join(', ')}]`);
    }
    this.eps = options.eps ?? 1e-5;
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    const factory = { device: options.device, dtype: options.dtype };
    this.weight = this.elementwiseAffine ? new Parameter(empty(this.normalizedShape, factory)) : null;
    this.bias = this.elementwiseAffine && options.bias !== false ? new Parameter(empty(this.normalizedShape, factory)) : null;
    this.resetParameters();
  }
  /** Sets weight to ones and bias to zeros, as PyTorch does. */
  resetParameters(): void {
    if (this.weight) ones_(this.weight);
    if (this.bias) zeros_(this.bias);
  }
  override forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps);
  }
  override extraRepr(): string {
    return `${pyIntOrTuple(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwiseAffine)}`;
  }
}
