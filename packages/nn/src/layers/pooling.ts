// MaxPool2d, AvgPool2d and AdaptiveAvgPool2d on @x/tensor's pooling ops. The arguments are kept as
// given (an int or a pair), so that the module prints as PyTorch's.
import { adaptiveAvgPool2d, avgPool2d, bindArgs, defineSignature, maxPool2d, type Tensor } from '@x/tensor';
import { Module } from '../module';
import { pyBool, pyIntOrTuple } from './repr';

type IntOrPair = number | readonly number[];

const MAX_POOL_2D = defineSignature(
  'nn.MaxPool2d(kernelSize: number | number[], stride: number | number[] | null = null, padding: number | number[] = 0, dilation: number | number[] = 1, returnIndices: boolean = false, ceilMode: boolean = false)',
  { doc: 'The max over each window (stride defaults to kernelSize).' },
);
const AVG_POOL_2D = defineSignature(
  'nn.AvgPool2d(kernelSize: number | number[], stride: number | number[] | null = null, padding: number | number[] = 0, ceilMode: boolean = false, countIncludePad: boolean = true, divisorOverride: number | null = null)',
  { doc: 'The mean over each window (stride defaults to kernelSize).' },
);
const ADAPTIVE_AVG_POOL_2D = defineSignature('nn.AdaptiveAvgPool2d(outputSize: number | (number | null)[])', {
  doc: 'Averages into a fixed output size (null keeps the input size).',
});

/** MaxPool2d's options: `stride`, `padding`, `dilation`, `returnIndices`, `ceilMode`. */
export interface MaxPool2dModuleOptions<R extends boolean = boolean> {
  /** Default: kernelSize. */
  stride?: IntOrPair | null;
  padding?: IntOrPair;
  dilation?: IntOrPair;
  ceilMode?: boolean;
  /** forward returns [values, indices] (indices as int64, ih * W + iw within each plane). */
  returnIndices?: R;
}

/** With `returnIndices: true` (a literal), forward's type is [values, indices]; otherwise a Tensor. */
export class MaxPool2d<R extends boolean = false> extends Module {
  /** The window size (PyTorch's `kernel_size`). */
  readonly kernelSize: IntOrPair;
  /** The window's step (kernelSize unless given). */
  readonly stride: IntOrPair;
  /** Implicit −∞ padding on each side. */
  readonly padding: IntOrPair;
  /** The spacing between window elements. */
  readonly dilation: IntOrPair;
  /** Whether the output size rounds up (PyTorch's `ceil_mode`). */
  readonly ceilMode: boolean;
  /** Whether forward returns `[values, indices]` (PyTorch's `return_indices`). */
  readonly returnIndices: R;
  /** `new nn.MaxPool2d(2)`, `new nn.MaxPool2d(3, { stride: 2, padding: 1 })`, `new nn.MaxPool2d({ kernelSize: 2 })`. */
  constructor(kernelSize: IntOrPair, stride?: IntOrPair | null, padding?: IntOrPair, dilation?: IntOrPair, returnIndices?: R, ceilMode?: boolean);
  constructor(kernelSize: IntOrPair, options?: MaxPool2dModuleOptions<R>);
  constructor(options: MaxPool2dModuleOptions<R> & { kernelSize: IntOrPair });
  constructor(...args: unknown[]) {
    super();
    const a = bindArgs<{ kernelSize: IntOrPair; stride: IntOrPair | null; padding: IntOrPair; dilation: IntOrPair; returnIndices: R; ceilMode: boolean }>(MAX_POOL_2D, args);
    this.kernelSize = a.kernelSize;
    this.stride = a.stride ?? a.kernelSize;
    this.padding = a.padding;
    this.dilation = a.dilation;
    this.ceilMode = a.ceilMode;
    this.returnIndices = a.returnIndices;
  }
  override forward(x: Tensor): R extends true ? [Tensor, Tensor] : Tensor {
    return maxPool2d(x, this.kernelSize, {
      stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode, returnIndices: this.returnIndices,
    }) as R extends true ? [Tensor, Tensor] : Tensor;
  }
  override extraRepr(): string {
    return `kernel_size=${pyIntOrTuple(this.kernelSize)}, stride=${pyIntOrTuple(this.stride)}, padding=${pyIntOrTuple(this.padding)}, dilation=${pyIntOrTuple(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}

/** AvgPool2d's options: `stride`, `padding`, `ceilMode`, `countIncludePad`, `divisorOverride`. */
export interface AvgPool2dModuleOptions {
  /** Default: kernelSize. */
  stride?: IntOrPair | null;
  padding?: IntOrPair;
  ceilMode?: boolean;
  /** Count the zero padding in each window's divisor (default true). */
  countIncludePad?: boolean;
  /** Divide every window's sum by this instead. */
  divisorOverride?: number | null;
}

/** 2-D average pooling (PyTorch's `nn.AvgPool2d`). */
export class AvgPool2d extends Module {
  /** The window size (PyTorch's `kernel_size`). */
  readonly kernelSize: IntOrPair;
  /** The window's step (kernelSize unless given). */
  readonly stride: IntOrPair;
  /** Implicit zero padding on each side. */
  readonly padding: IntOrPair;
  /** Whether the output size rounds up (PyTorch's `ceil_mode`). */
  readonly ceilMode: boolean;
  /** Whether the padding counts in the average's divisor (PyTorch's `count_include_pad`). */
  readonly countIncludePad: boolean;
  /** A fixed divisor instead of the window size, or null (PyTorch's `divisor_override`). */
  readonly divisorOverride: number | null;
  constructor(kernelSize: IntOrPair, stride?: IntOrPair | null, padding?: IntOrPair, ceilMode?: boolean, countIncludePad?: boolean, divisorOverride?: number | null);
  constructor(kernelSize: IntOrPair, options?: AvgPool2dModuleOptions);
  constructor(options: AvgPool2dModuleOptions & { kernelSize: IntOrPair });
  constructor(...args: unknown[]) {
    super();
    const a = bindArgs<Required<AvgPool2dModuleOptions> & { kernelSize: IntOrPair }>(AVG_POOL_2D, args);
    this.kernelSize = a.kernelSize;
    this.stride = a.stride ?? a.kernelSize;
    this.padding = a.padding;
    this.ceilMode = a.ceilMode;
    this.countIncludePad = a.countIncludePad;
    this.divisorOverride = a.divisorOverride;
  }
  override forward(x: Tensor): Tensor {
    return avgPool2d(x, this.kernelSize, {
      stride: this.stride, padding: this.padding, ceilMode: this.ceilMode, countIncludePad: this.countIncludePad, divisorOverride: this.divisorOverride,
    });
  }
  override extraRepr(): string {
    return `kernel_size=${pyIntOrTuple(this.kernelSize)}, stride=${pyIntOrTuple(this.stride)}, padding=${pyIntOrTuple(this.padding)}`;
  }
}

/** Averages into a fixed output size: an int, or [h, w] where null keeps the input's size. */
export class AdaptiveAvgPool2d extends Module {
  /** The target output size (H, W); null keeps the input size in that dimension. */
  readonly outputSize: number | readonly (number | null)[];
  constructor(outputSize: number | readonly (number | null)[]);
  constructor(options: { outputSize: number | readonly (number | null)[] });
  constructor(...args: unknown[]) {
    super();
    this.outputSize = bindArgs<{ outputSize: number | readonly (number | null)[] }>(ADAPTIVE_AVG_POOL_2D, args).outputSize;
  }
  override forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }
  override extraRepr(): string {
    return `output_size=${pyIntOrTuple(this.outputSize)}`;
  }
}
