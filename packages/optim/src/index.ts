/** The API of `@x/optim`. @module @x/optim */
// @x/optim: PyTorch's torch.optim for @x tensors: optimizers with PyTorch's update rules and state
// dicts, and learning-rate schedulers under `lrScheduler`.
import { checkRelease } from '@x/tensor';
import { version } from '../package.json';

checkRelease('@x/optim', version); // refuses an @x/tensor of another release

export { Optimizer, type GroupOptions, type ParamGroup, type ParamGroupInput, type Params } from './optimizer';
export type { OptimizerStateDict, StateRecord } from './state-dict';
export { SGD, type SGDOptions, type SGDState } from './sgd';
export { Adam, type AdamOptions, type AdamState } from './adam';
export { AdamW, type AdamWOptions } from './adamw';
export { RMSprop, type RMSpropOptions, type RMSpropState } from './rmsprop';
export { Adadelta, type AdadeltaOptions, type AdadeltaState } from './adadelta';
export { Adagrad, type AdagradOptions, type AdagradState } from './adagrad';
export * as lrScheduler from './lr-scheduler/index';
