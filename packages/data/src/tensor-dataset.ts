import { bindArgs, defineSignature, type Tensor } from '@x/tensor';

const TENSOR_DATASET = defineSignature('data.TensorDataset(...tensors: Tensor[])', { doc: 'Item i is the i-th row of every tensor.' });
import { Dataset } from './dataset';

/** Item i is `tensors.map((t) => t.at(i))` (torch.utils.data.TensorDataset). */
export class TensorDataset extends Dataset<Tensor[]> {
  /** The tensors, all with the same first dim. */
  readonly tensors: readonly Tensor[];

  constructor(...args: Tensor[]) {
    super();
    const tensors = args.length === 0 ? [] : bindArgs<{ tensors: Tensor[] }>(TENSOR_DATASET, args).tensors;
    if (tensors.length === 0) throw new TypeError('TensorDataset: expected at least one tensor');
    const n = tensors[0]!.shape[0];
    if (tensors.some((t) => t.shape.length === 0 || t.shape[0] !== n)) {
      throw new RangeError(`TensorDataset: Size mismatch between tensors: first dimensions are [${tensors.map((t) => t.shape[0] ?? '()').join(', ')}]; all tensors must have the same size in dimension 0`);
    }
    this.tensors = tensors;
  }

  /** The size of the tensors' first dim. */
  get length(): number {
    return this.tensors[0]!.shape[0]!;
  }

  /** Row `index` of each tensor. */
  getItem(index: number): Tensor[] {
    return this.tensors.map((t) => t.at(index));
  }
}
