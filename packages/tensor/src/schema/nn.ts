// Convolution, pooling and padding: torch.nn.functional's (NCHW), re-exported by @x/nn's functional.
import { family, type OpDecl } from './op';

const conv = (n: 1 | 2): OpDecl => ({
  sig: `(input: Tensor, weight: Tensor, bias: Tensor | null = null, stride: IntOrList = 1, padding: IntOrList | 'same' | 'valid' = 0, dilation: IntOrList = 1, groups: number = 1): Tensor`,
  impl: `cnv.conv${n}d(input, weight, bias, { stride, padding, dilation, groups })`,
  doc: n === 2 ? 'A 2-D convolution of [N, C, H, W] (or [C, H, W]) by weight [Cout, C / groups, kh, kw].' : 'A 1-D convolution of [N, C, L] (or [C, L]) by weight [Cout, C / groups, k].',
  variants: 'function',
});

export const NN = family('convolution and pooling', {
  conv1d: conv(1),
  conv2d: conv(2),
  maxPool2d: {
    sig: [
      '(input: Tensor, kernelSize: IntOrList, stride: IntOrList | null = null, padding: IntOrList = 0, dilation: IntOrList = 1, ceilMode: boolean = false, returnIndices: false = false): Tensor',
      '(input: Tensor, kernelSize: IntOrList, stride: IntOrList | null = null, padding: IntOrList = 0, dilation: IntOrList = 1, ceilMode: boolean = false, returnIndices: boolean = false): [Tensor, Tensor]',
    ],
    impl: Array(2).fill('pl.maxPool2d(input, kernelSize, { stride, padding, dilation, ceilMode, returnIndices })') as string[],
    doc: 'The maximum of each window; with returnIndices, [values, indices] (indices ih * W + iw in each plane).',
    variants: 'function',
  },
  avgPool2d: {
    sig: '(input: Tensor, kernelSize: IntOrList, stride: IntOrList | null = null, padding: IntOrList = 0, ceilMode: boolean = false, countIncludePad: boolean = true, divisorOverride: number | null = null): Tensor',
    impl: 'pl.avgPool2d(input, kernelSize, { stride, padding, ceilMode, countIncludePad, divisorOverride })',
    doc: 'The mean of each window.',
    variants: 'function',
  },
  adaptiveAvgPool2d: {
    sig: '(input: Tensor, outputSize: number | readonly (number | null)[]): Tensor',
    impl: 'pl.adaptiveAvgPool2d(input, outputSize)',
    doc: 'Average pooling to the given output size (null keeps a dim).',
    variants: 'function',
  },
  pad: {
    sig: "(input: Tensor, pad: readonly number[], mode: PadMode = 'constant', value: number | null = null): Tensor",
    impl: 'pd.pad(input, pad, { mode, value })',
    doc: 'Pads (or crops, if negative) the last dims: pad = [left, right, top, bottom, ...].',
    variants: 'function',
  },
});
