// nn.functional (F): the functional forms of the layers and losses.
export { linear } from './linear';
export { relu, relu_, leakyRelu, elu, gelu, silu, sigmoid, tanh, softmax, logSoftmax, type GeluApproximate } from './activation';
export { dropout, type DropoutOptions } from './dropout';
export { oneHot, oneHotAsync, embedding, type EmbeddingOptions } from './sparse';
export { batchNorm, layerNorm, type BatchNormOptions, type LayerNormOptions } from './normalization';
export { mseLoss, l1Loss, smoothL1Loss, huberLoss, type SmoothL1Options, type HuberOptions } from './losses-regression';
export { binaryCrossEntropy, binaryCrossEntropyWithLogits, type BCEOptions, type BCEWithLogitsOptions } from './losses-binary';
export { crossEntropy, nllLoss, type CrossEntropyOptions, type NLLLossOptions } from './losses-classification';
export type { Reduction, ReductionOptions } from './losses-common';
export { conv1d, conv2d, maxPool2d, avgPool2d, adaptiveAvgPool2d, pad, type ConvOptions, type MaxPool2dOptions, type AvgPool2dOptions, type PadOptions, type PadMode } from './conv';
export { normalize } from './normalize';
export { cosineSimilarity, pairwiseDistance } from './distance';
export { interpolate, type InterpolateMode, type InterpolateOptions } from './interpolate';
