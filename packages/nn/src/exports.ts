// Everything @x/nn exports (index.ts adds the module serialization on top).
export { Module, isModule, type LoadResult } from './module';
export { Parameter, isParameter } from './parameter';
export { Sequential, ModuleList, ModuleDict } from './containers';
export { Linear, Identity, Flatten, Unflatten, type FactoryOptions } from './layers/linear';
export { ReLU, LeakyReLU, ELU, GELU, SiLU, Sigmoid, Tanh, Softmax, LogSoftmax } from './layers/activation';
export { Dropout } from './layers/dropout';
export { Embedding, type EmbeddingModuleOptions } from './layers/embedding';
export { LayerNorm, type LayerNormModuleOptions } from './layers/layernorm';
export { BatchNorm1d, BatchNorm2d, type BatchNormModuleOptions } from './layers/batchnorm';
export { Loss, WeightedLoss } from './losses/loss';
export { MSELoss, L1Loss, SmoothL1Loss, HuberLoss } from './losses/regression';
export { BCELoss, BCEWithLogitsLoss } from './losses/binary';
export { CrossEntropyLoss, NLLLoss } from './losses/classification';
export { Conv1d, Conv2d, type ConvModuleOptions, type PaddingMode } from './layers/conv';
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, type MaxPool2dModuleOptions, type AvgPool2dModuleOptions } from './layers/pooling';
export * as init from './init';
export * as functional from './functional';
export * as metrics from './metrics';
