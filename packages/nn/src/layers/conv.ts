// Conv1d and Conv2d: weight [outChannels, inChannels / groups, ...kernelSize], initialised as PyTorch
// (kaiming-uniform with a=√5, bias uniform ±1/√fan_in), on @x/tensor's conv1d/conv2d.
import { bindArgs, conv1d, conv2d, defineSignature, empty, pad, type ConvOptions, type Signature, type Tensor } from '@x/tensor';
import { Module } from '../module';
import { Parameter } from '../parameter';
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from '../init';
import type { FactoryOptions } from './linear';
import { pyIntOrTuple } from './repr';

/** A convolution's `paddingMode`: `'zeros'`, `'reflect'`, `'replicate'` or `'circular'`. */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

/** Conv1d/2d's options: `stride`, `padding`, `dilation`, `groups`, `bias`, `paddingMode`, and the factory options. */
export interface ConvModuleOptions extends FactoryOptions {
  /** Step of the window: one int or one per spatial dim (default 1). */
  stride?: number | readonly number[];
  /** Zeros on both sides: one int, one per spatial dim, 'valid' (none) or 'same' (output size = input size; stride 1). */
  padding?: number | readonly number[] | 'same' | 'valid';
  /** Spacing between kernel elements (default 1). */
  dilation?: number | readonly number[];
  /** Channel groups (default 1); groups = inChannels is a depthwise convolution. */
  groups?: number;
  /** A learnable bias (default true). */
  bias?: boolean;
  /** How the input is padded (default 'zeros'); the others pad with F.pad first, as PyTorch does. */
  paddingMode?: PaddingMode;
}

const PADDING_MODES: readonly string[] = ['zeros', 'reflect', 'replicate', 'circular'];

/** PyTorch's _ntuple: one int for every dim, or a list of exactly `n`. */
function tuple(owner: string, name: string, v: number | readonly number[], n: number): number[] {
  const list = typeof v === 'number' ? new Array<number>(n).fill(v) : [...v];
  if (list.length !== n || list.some((x) => !Number.isInteger(x))) {
    throw new RangeError(`${owner}: ${name} must be an int or a list of ${n} ints, got ${JSON.stringify(v)}`);
  }
  return list;
}

abstract class ConvNd extends Module {
  weight: Parameter;
  bias: Parameter | null;
  readonly kernelSize: readonly number[];
  readonly stride: readonly number[];
  readonly padding: readonly number[] | 'same' | 'valid';
  readonly dilation: readonly number[];
  readonly groups: number;
  readonly paddingMode: PaddingMode;

  readonly inChannels: number;
  readonly outChannels: number;

  protected constructor(spatial: number, sig: Signature, args: unknown[]) {
    super();
    const options = bindArgs<Required<Omit<ConvModuleOptions, 'device' | 'dtype'>> & FactoryOptions & { inChannels: number; outChannels: number; kernelSize: number | readonly number[] }>(sig, args);
    const { inChannels, outChannels, kernelSize } = options;
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    const name = this.constructor.name;
    for (const [what, v] of [['inChannels', inChannels], ['outChannels', outChannels]] as const) {
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name}: ${what} must be a non-negative integer, got ${v}`);
    }
    this.groups = options.groups ?? 1;
    if (!Number.isInteger(this.groups) || this.groups <= 0) throw new RangeError(`${name}: groups must be a positive integer, got ${this.groups}`);
    if (inChannels % this.groups !== 0) throw new RangeError(`${name}: in_channels must be divisible by groups (in_channels=${inChannels}, groups=${this.groups})`);
    if (outChannels % this.groups !== 0) throw new RangeError(`${name}: out_channels must be divisible by groups (out_channels=${outChannels}, groups=${this.groups})`);
    this.kernelSize = tuple(name, 'kernel_size', kernelSize, spatial);
    this.stride = tuple(name, 'stride', options.stride ?? 1, spatial);
    this.dilation = tuple(name, 'dilation', options.dilation ?? 1, spatial);
    const padding = options.padding ?? 0;
    if (typeof padding === 'string') {
      if (padding !== 'same' && padding !== 'valid') throw new RangeError(`${name}: Invalid padding string '${String(padding)}', should be one of {'same', 'valid'}`);
      if (padding === 'same' && this.stride.some((s) => s !== 1)) {
        throw new RangeError(`${name}: padding='same' is not supported for strided convolutions (stride=${pyIntOrTuple(this.stride)}); pad explicitly instead`);
      }
      this.padding = padding;
    } else {
      this.padding = tuple(name, 'padding', padding, spatial);
    }
    this.paddingMode = options.paddingMode ?? 'zeros';
    if (!PADDING_MODES.includes(this.paddingMode)) {
      throw new RangeError(`${name}: padding_mode must be one of {'reflect', 'circular', 'zeros', 'replicate'}, but got padding_mode='${String(this.paddingMode)}'`);
    }
    const factory = { device: options.device, dtype: options.dtype };
    this.weight = new Parameter(empty([outChannels, inChannels / this.groups, ...this.kernelSize], factory));
    this.bias = options.bias === false ? null : new Parameter(empty([outChannels], factory));
    this.resetParameters();
  }

  resetParameters(): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const fanIn = calculateFanInAndFanOut(this.weight)[0];
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(this.bias, -bound, bound);
    }
  }

  /** PyTorch's _reversed_padding_repeated_twice: (before, after) pairs from the last dim backwards. */
  private reversedPadding(): number[] {
    const n = this.kernelSize.length;
    const out: number[] = [];
    for (let i = n - 1; i >= 0; i--) {
      if (this.padding === 'valid') out.push(0, 0);
      else if (this.padding === 'same') {
        const total = this.dilation[i]! * (this.kernelSize[i]! - 1);
        out.push(Math.floor(total / 2), total - Math.floor(total / 2));
      } else out.push(this.padding[i]!, this.padding[i]!);
    }
    return out;
  }

  /** The input (padded first for non-zero padding modes) and the options for F.conv1d/conv2d. */
  protected prepare(x: Tensor): [Tensor, ConvOptions] {
    if (this.kernelSize.some((k) => k <= 0)) {
      // PyTorch builds such a layer (its init is a no-op on a zero-element weight) and refuses it here.
      const names = this.kernelSize.length === 1 ? ['kernel_width'] : ['kernel_height', 'kernel_width'];
      throw new RangeError(`${this.constructor.name}: kernel size should be greater than zero, but got ${names.map((n, i) => `${n}: ${this.kernelSize[i]}`).join(' ')}`);
    }
    const options: ConvOptions = { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups };
    if (this.paddingMode === 'zeros') return [x, options];
    return [pad(x, this.reversedPadding(), { mode: this.paddingMode }), { ...options, padding: 0 }];
  }

  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pyIntOrTuple(this.kernelSize)}, stride=${pyIntOrTuple(this.stride)}`;
    if (typeof this.padding === 'string') s += `, padding=${this.padding}`;
    else if (this.padding.some((p) => p !== 0)) s += `, padding=${pyIntOrTuple(this.padding)}`;
    if (this.dilation.some((d) => d !== 1)) s += `, dilation=${pyIntOrTuple(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (!this.bias) s += ', bias=False';
    if (this.paddingMode !== 'zeros') s += `, padding_mode=${this.paddingMode}`;
    return s;
  }
}

const convSignature = (name: string) =>
  defineSignature(
    `nn.${name}(inChannels: number, outChannels: number, kernelSize: number | number[], stride: number | number[] = 1, padding: number | number[] | 'same' | 'valid' = 0, dilation: number | number[] = 1, groups: number = 1, bias: boolean = true, paddingMode: PaddingMode = 'zeros', device?: string, dtype?: DType)`,
    { doc: 'A convolution layer, initialised as PyTorch (kaiming-uniform with a=√5, bias uniform ±1/√fan_in).' },
  );
const CONV1D = convSignature('Conv1d');
const CONV2D = convSignature('Conv2d');

type IntOrList = number | readonly number[];
/** The constructor's forms: PyTorch's positional order, then (or instead) an options object. */
type ConvArgs =
  | [inChannels: number, outChannels: number, kernelSize: IntOrList, stride?: IntOrList, padding?: IntOrList | 'same' | 'valid', dilation?: IntOrList, groups?: number, bias?: boolean, paddingMode?: PaddingMode, options?: FactoryOptions]
  | [inChannels: number, outChannels: number, kernelSize: IntOrList, options?: ConvModuleOptions]
  | [inChannels: number, outChannels: number, options: ConvModuleOptions & { kernelSize: IntOrList }]
  | [options: ConvModuleOptions & { inChannels: number; outChannels: number; kernelSize: IntOrList }];

/** Convolution over [N, C, L] (or unbatched [C, L]) input. */
export class Conv1d extends ConvNd {
  constructor(...args: ConvArgs) {
    super(1, CONV1D, args);
  }
  override forward(x: Tensor): Tensor {
    const [input, options] = this.prepare(x);
    return conv1d(input, this.weight, this.bias, options);
  }
}

/** Convolution over [N, C, H, W] (or unbatched [C, H, W]) input: `new nn.Conv2d(1, 32, 3, { stride: 1, padding: 1 })`. */
export class Conv2d extends ConvNd {
  /** `new nn.Conv2d(3, 16, 3)`, `new nn.Conv2d(3, 16, { kernelSize: 3 })`, `new nn.Conv2d(3, 16, 3, 1, 1)`. */
  constructor(...args: ConvArgs) {
    super(2, CONV2D, args);
  }
  override forward(x: Tensor): Tensor {
    const [input, options] = this.prepare(x);
    return conv2d(input, this.weight, this.bias, options);
  }
}
