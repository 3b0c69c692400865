import { bindArgs, defineSignature } from '@x/tensor';
import { Dataset, isMapDataset } from './dataset';

const CONCAT = defineSignature('data.ConcatDataset(datasets: Iterable<Dataset>)', { doc: 'Datasets one after another.' });

/** Datasets one after another (torch.utils.data.ConcatDataset). */
export class ConcatDataset<T> extends Dataset<T> {
  /** The datasets, in order. */
  readonly datasets: readonly Dataset<T>[];
  /** Running totals of the lengths, as PyTorch's cumulative_sizes. */
  readonly cumulativeSizes: readonly number[];

  constructor(datasets: Iterable<Dataset<T>>);
  constructor(options: { datasets: Iterable<Dataset<T>> });
  constructor(...args: unknown[]) {
    super();
    this.datasets = [...bindArgs<{ datasets: Iterable<Dataset<T>> }>(CONCAT, args).datasets];
    if (this.datasets.length === 0) throw new TypeError('ConcatDataset: datasets should not be an empty iterable');
    if (this.datasets.some((d) => !isMapDataset(d))) throw new TypeError('ConcatDataset does not support IterableDataset');
    let total = 0;
    this.cumulativeSizes = this.datasets.map((d) => (total += d.length));
  }

  /** The total number of samples of all the datasets. */
  get length(): number {
    return this.cumulativeSizes[this.cumulativeSizes.length - 1]!;
  }

  /** Sample `index` of the concatenation (negative indices count from the end, as in PyTorch). */
  getItem(index: number): T | Promise<T> {
    let i = index;
    if (i < 0) {
      if (-i > this.length) throw new RangeError('ConcatDataset: absolute value of index should not exceed dataset length');
      i += this.length;
    }
    if (!Number.isInteger(i) || i >= this.length) throw new RangeError(`ConcatDataset: index ${index} is out of range for length ${this.length}`);
    const d = this.cumulativeSizes.findIndex((c) => i < c);
    return this.datasets[d]!.getItem(d === 0 ? i : i - this.cumulativeSizes[d - 1]!);
  }
}
