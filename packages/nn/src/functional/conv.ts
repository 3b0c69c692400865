// Convolution, pooling and padding live in @x/tensor (backend primitives); F re-exports them.
// The option types are aliases declared here, not re-exports: the bundled declarations put F in a
// namespace, where a type re-exported from another package would be declared as a value.
import type * as torch from '@x/tensor';

export { conv1d, conv2d, maxPool2d, avgPool2d, adaptiveAvgPool2d, pad } from '@x/tensor';
/** Options of `F.conv1d` / `F.conv2d` (stride, padding, dilation, groups), as torch.nn.functional's keywords. */
export type ConvOptions = torch.ConvOptions;
/** Options of `F.maxPool2d` (stride, padding, dilation, ceilMode, returnIndices). */
export type MaxPool2dOptions = torch.MaxPool2dOptions;
/** Options of `F.avgPool2d` (stride, padding, ceilMode, countIncludePad, divisorOverride). */
export type AvgPool2dOptions = torch.AvgPool2dOptions;
/** Options of `F.pad` (mode, value). */
export type PadOptions = torch.PadOptions;
/** The padding modes of `F.pad`: 'constant', 'reflect', 'replicate' or 'circular'. */
export type PadMode = torch.PadMode;
