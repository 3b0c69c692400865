// Convolution, pooling and padding live in @x/tensor (backend primitives); F re-exports them.
export { conv1d, conv2d, maxPool2d, avgPool2d, adaptiveAvgPool2d, pad, type ConvOptions, type MaxPool2dOptions, type AvgPool2dOptions, type PadOptions, type PadMode } from '@x/tensor';
