import { defineSignature } from '@x/tensor';
import { bindWithValue } from './bind';
import { Dataset, isMapDataset } from './dataset';

const SUBSET = defineSignature('data.Subset(dataset: Dataset, indices: number[])', { doc: 'The items of dataset at indices, in that order.' });

/** The items of `dataset` at `indices`, in that order (torch.utils.data.Subset). */
export class Subset<T> extends Dataset<T> {
  /** The whole dataset. */
  readonly dataset: Dataset<T>;
  /** The indices into the whole dataset, in this subset's order. */
  readonly indices: readonly number[];
  constructor(dataset: Dataset<T>, indices: readonly number[]);
  constructor(options: { dataset: Dataset<T>; indices: readonly number[] });
  constructor(...args: unknown[]) {
    super();
    const a = bindWithValue<{ dataset: Dataset<T>; indices: readonly number[] }>(SUBSET, args, isMapDataset);
    this.dataset = a.dataset;
    this.indices = a.indices;
  }

  /** The number of indices. */
  get length(): number {
    return this.indices.length;
  }

  /** Sample `indices[index]` of the dataset. */
  getItem(index: number): T | Promise<T> {
    const i = this.indices[index < 0 ? index + this.indices.length : index];
    if (i === undefined) throw new RangeError(`Subset: index ${index} is out of range for a subset of length ${this.indices.length}`);
    return this.dataset.getItem(i);
  }
}
