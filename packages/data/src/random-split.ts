import { defaultGenerator, defineSignature, type Generator } from '@x/tensor';
import { bindWithValue } from './bind';
import { isMapDataset, type Dataset } from './dataset';

const RANDOM_SPLIT = defineSignature('data.randomSplit(dataset: Dataset, lengths: number[], generator?: Generator): Subset[]', {
  doc: 'Non-overlapping random subsets of the given lengths (or fractions).',
});
import { Subset } from './subset';

/**
 * Splits `dataset` into non-overlapping random subsets (torch.utils.data.random_split). `lengths` are counts
 * summing to the dataset's length, or fractions summing to 1: then floor(n * f) each, and the remainder is
 * added one by one round-robin from the first subset, as PyTorch does.
 */
export function randomSplit<T>(dataset: Dataset<T>, lengths: readonly number[], generator?: Generator): Subset<T>[];
export function randomSplit<T>(dataset: Dataset<T>, lengths: readonly number[], options: { generator?: Generator }): Subset<T>[];
export function randomSplit<T>(options: { dataset: Dataset<T>; lengths: readonly number[]; generator?: Generator }): Subset<T>[];
export function randomSplit<T>(...args: unknown[]): Subset<T>[] {
  const a = bindWithValue<{ dataset: Dataset<T>; lengths: readonly number[]; generator?: Generator }>(RANDOM_SPLIT, args, isMapDataset);
  const { dataset, lengths } = a;
  const generator = a.generator ?? defaultGenerator();
  const n = dataset.length;
  let sizes = [...lengths];
  const total = sizes.reduce((a, b) => a + b, 0);
  if (Math.abs(total - 1) <= 1e-9 && total <= 1) {
    sizes = lengths.map((f, i) => {
      if (f < 0 || f > 1) throw new RangeError(`randomSplit: Fraction at index ${i} is not between 0 and 1`);
      return Math.floor(n * f);
    });
    const remainder = n - sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length]! += 1;
  }
  if (sizes.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new RangeError(`randomSplit: lengths must be non-negative integers or fractions summing to 1, got [${lengths.join(', ')}]`);
  }
  if (sizes.reduce((a, b) => a + b, 0) !== n) {
    throw new RangeError(`randomSplit: Sum of input lengths does not equal the length of the input dataset! (lengths [${lengths.join(', ')}], dataset length ${n})`);
  }
  const perm = Array.from(generator.permutation(n));
  let offset = 0;
  return sizes.map((s) => new Subset(dataset, perm.slice(offset, (offset += s))));
}
