/** The API of `@x/data`. @module @x/data */
import { checkRelease } from '@x/tensor';
import { version } from '../package.json';

checkRelease('@x/data', version); // refuses an @x/tensor of another release

export { Dataset, IterableDataset, isMapDataset, isIterableDataset, type WorkerDatasetSpec, type DatasetLike, type IterableLike } from './dataset';
export { TensorDataset } from './tensor-dataset';
export { Subset } from './subset';
export { ConcatDataset } from './concat';
export { randomSplit } from './random-split';
export { SequentialSampler, RandomSampler, SubsetRandomSampler, WeightedRandomSampler, BatchSampler, type Sampler, type RandomSamplerOptions } from './sampler';
export { defaultCollate, type CollateFn, type Collated } from './collate';
export { DataLoader, type DataLoaderOptions } from './dataloader';
export { getWorkerInfo, type WorkerInfo } from './worker-info';
