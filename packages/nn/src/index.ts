// @x/nn: PyTorch's torch.nn for @x. `import * as nn from '@x/nn'`.
export { Module, isModule, type LoadResult } from './module';
export { Parameter, isParameter } from './parameter';
export { Sequential, ModuleList, ModuleDict } from './containers';
export { Linear, Identity, Flatten, Unflatten, type FactoryOptions } from './layers/linear';
export * as init from './init';
export * as functional from './functional';
