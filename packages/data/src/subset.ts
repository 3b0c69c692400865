import { Dataset } from './dataset';

/** The items of `dataset` at `indices`, in that order (torch.utils.data.Subset). */
export class Subset<T> extends Dataset<T> {
  constructor(readonly dataset: Dataset<T>, readonly indices: readonly number[]) {
    super();
  }

  get length(): number {
    return this.indices.length;
  }

  getItem(index: number): T | Promise<T> {
    const i = this.indices[index < 0 ? index + this.indices.length : index];
    if (i === undefined) throw new RangeError(`Subset: index ${index} is out of range for a subset of length ${this.indices.length}`);
    return this.dataset.getItem(i);
  }
}
