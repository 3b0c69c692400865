// optim.lrScheduler: PyTorch's torch.optim.lr_scheduler.
export { LRScheduler, type SchedulerOptions, type SchedulerStateDict } from './lr-scheduler';
export { StepLR, type StepLROptions } from './step-lr';
export { MultiStepLR, type MultiStepLROptions } from './multi-step-lr';
export { ExponentialLR } from './exponential-lr';
export { CosineAnnealingLR, type CosineAnnealingLROptions } from './cosine-annealing-lr';
export { LambdaLR, type LrLambda } from './lambda-lr';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau';
export { ConstantLR, type ConstantLROptions } from './constant-lr';
export { LinearLR, type LinearLROptions } from './linear-lr';
export { PolynomialLR, type PolynomialLROptions } from './polynomial-lr';
export { CosineAnnealingWarmRestarts, type CosineAnnealingWarmRestartsOptions } from './cosine-annealing-warm-restarts';
export { OneCycleLR, type OneCycleLROptions } from './one-cycle-lr';
export { SequentialLR, type SequentialLROptions } from './sequential-lr';
