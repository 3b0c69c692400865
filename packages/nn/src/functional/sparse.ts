// F.oneHot and F.embedding (PyTorch's nn.functional sparse ops).
import { arange, bindArgs, checkData, defineSignature, getBackend, nameGradFn, noGrad, where, type Tensor } from '@x/tensor';

const ONE_HOT = defineSignature('nn.functional.oneHot(tensor: Tensor, numClasses: number = -1): Tensor', {
  doc: '[..., numClasses] int64 with a 1 at each class index (-1: max + 1).',
});
const ONE_HOT_ASYNC = defineSignature('nn.functional.oneHotAsync(tensor: Tensor, numClasses: number = -1): Promise<Tensor>', {
  doc: 'oneHot on any device (reads the values asynchronously).',
});
const EMBEDDING = defineSignature(
  'nn.functional.embedding(input: Tensor, weight: Tensor, paddingIdx: number | null = null, maxNorm: number | null = null, normType: number = 2.0, scaleGradByFreq: boolean = false, sparse: boolean = false): Tensor',
  { doc: 'The rows of weight at the integer indices in input.' },
);

const canReadSync = (t: Tensor): boolean => getBackend(t.device).caps.syncRead;

function checkOneHotInput(t: Tensor): void {
  if (t.dtype !== 'int64') {
    throw new TypeError(`one_hot is only applicable to index tensor (int64), got ${t.dtype} (shape [${t.shape.join(', ')}]); convert it with t.long()`);
  }
}

function checkClassValues(min: number, max: number, numClasses: number): void {
  if (min < 0) throw new RangeError(`one_hot: Class values must be non-negative (got ${min})`);
  if (max >= numClasses) throw new RangeError(`one_hot: Class values must be smaller than num_classes (got ${max} with num_classes=${numClasses})`);
}

function encode(t: Tensor, numClasses: number): Tensor {
  if (!Number.isInteger(numClasses) || numClasses < 0) throw new RangeError(`one_hot: num_classes must be a non-negative integer or -1, got ${numClasses}`);
  return t.unsqueeze(-1).eq(arange(numClasses, { device: t.device })).to('int64');
}

/**
 * [..., numClasses] int64 with a 1 at each class index. numClasses = -1 uses max + 1, which reads the
 * values: synchronous on the CPU only (use oneHotAsync on other devices). Values are checked on the
 * CPU, as PyTorch checks them there.
 */
export function oneHot(tensor: Tensor, numClasses?: number): Tensor;
export function oneHot(tensor: Tensor, options: { numClasses?: number }): Tensor;
export function oneHot(options: { tensor: Tensor; numClasses?: number }): Tensor;
export function oneHot(...args: unknown[]): Tensor {
  const { tensor: t, numClasses } = bindArgs<{ tensor: Tensor; numClasses: number }>(ONE_HOT, args);
  checkOneHotInput(t);
  if (numClasses === -1 || (canReadSync(t) && t.numel() > 0)) {
    if (!canReadSync(t)) {
      throw new Error(`one_hot: num_classes=-1 needs the largest class value, which device '${t.device}' cannot read synchronously; pass numClasses or use await F.oneHotAsync(t)`);
    }
    if (t.numel() === 0) throw new RangeError('one_hot: Can not infer total number of classes from empty tensor.');
    const max = Number(t.max().itemSync());
    const classes = numClasses === -1 ? max + 1 : numClasses;
    checkClassValues(Number(t.min().itemSync()), max, classes);
    return encode(t, classes);
  }
  return encode(t, numClasses);
}

/** oneHot on any device: reads the values asynchronously to infer and check the number of classes. */
export async function oneHotAsync(tensor: Tensor, numClasses?: number): Promise<Tensor>;
export async function oneHotAsync(tensor: Tensor, options: { numClasses?: number }): Promise<Tensor>;
export async function oneHotAsync(options: { tensor: Tensor; numClasses?: number }): Promise<Tensor>;
export async function oneHotAsync(...args: unknown[]): Promise<Tensor> {
  const { tensor: t, numClasses } = bindArgs<{ tensor: Tensor; numClasses: number }>(ONE_HOT_ASYNC, args);
  checkOneHotInput(t);
  if (t.numel() === 0) {
    if (numClasses === -1) throw new RangeError('one_hot: Can not infer total number of classes from empty tensor.');
    return encode(t, numClasses);
  }
  const max = Number(await t.max().item());
  const classes = numClasses === -1 ? max + 1 : numClasses;
  checkClassValues(Number(await t.min().item()), max, classes);
  return encode(t, classes);
}

/** embedding's options: `paddingIdx` (PyTorch's `padding_idx`), `maxNorm`, `normType`, `scaleGradByFreq`, `sparse`. */
export interface EmbeddingOptions {
  /** Rows at this index get no gradient (the layer also zeroes that row at construction). */
  paddingIdx?: number | null;
  /** Not implemented: only null (the default) is accepted. */
  maxNorm?: number | null;
  normType?: number;
  /** Not implemented: only false (the default) is accepted. */
  scaleGradByFreq?: boolean;
  /** Not implemented: only false (the default) is accepted. */
  sparse?: boolean;
}

/** PyTorch's check and normalisation of padding_idx (negative counts from the end); -1 means none. */
export function normalizePaddingIdx(paddingIdx: number | null | undefined, numEmbeddings: number): number | null {
  if (paddingIdx === null || paddingIdx === undefined) return null;
  if (!Number.isInteger(paddingIdx) || paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings) {
    throw new RangeError(`Padding_idx must be within num_embeddings (got padding_idx=${paddingIdx}, num_embeddings=${numEmbeddings})`);
  }
  return paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
}

/** weight rows picked by the integer `input`: result shape [...input.shape, embeddingDim]. */
export function embedding(input: Tensor, weight: Tensor, paddingIdx?: number | null, maxNorm?: number | null, normType?: number, scaleGradByFreq?: boolean, sparse?: boolean): Tensor;
export function embedding(input: Tensor, weight: Tensor, options: EmbeddingOptions): Tensor;
export function embedding(options: EmbeddingOptions & { input: Tensor; weight: Tensor }): Tensor;
export function embedding(...args: unknown[]): Tensor {
  const { input, weight, ...opts } = bindArgs<Required<EmbeddingOptions> & { input: Tensor; weight: Tensor }>(EMBEDDING, args);
  if (opts.maxNorm !== null) throw new RangeError('embedding: maxNorm (renormalising looked-up rows in place) is not implemented; pass null');
  if (opts.scaleGradByFreq) throw new RangeError('embedding: scaleGradByFreq is not implemented; pass false');
  if (opts.sparse) throw new RangeError('embedding: sparse gradients are not implemented; pass sparse: false');
  if (input.dtype !== 'int64' && input.dtype !== 'int32') {
    throw new TypeError(
      `embedding: Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${input.dtype} instead (shape [${input.shape.join(', ')}]); convert it with input.long()`,
    );
  }
  if (weight.ndim !== 2) throw new RangeError(`embedding: 'weight' must be 2-D [num_embeddings, embedding_dim], got shape [${weight.shape.join(', ')}]`);
  const paddingIdx = normalizePaddingIdx(opts.paddingIdx, weight.shape[0]!);
  let rows: Tensor;
  const n = weight.shape[0]!;
  if (!getBackend(input.device).caps.syncRead) {
    // Checked on the device (its next read rejects), in embedding's words rather than index_select's.
    const bad = noGrad(() => input.lt(0).logicalOr(input.ge(n)));
    checkData(bad, (v) => new RangeError(`embedding: index out of range in self (num_embeddings=${n}): index ${v} is out of bounds for dimension 0 with size ${n}`), input);
  }
  try {
    rows = weight.indexSelect(0, input.reshape(-1));
  } catch (e) {
    // PyTorch's wording for embedding, with index_select's details
    if (e instanceof RangeError) throw new RangeError(`embedding: index out of range in self (num_embeddings=${weight.shape[0]}): ${e.message}`);
    throw e;
  }
  const out = rows.reshape([...input.shape, weight.shape[1]!]);
  if (paddingIdx === null) return nameGradFn(out, 'EmbeddingBackward0');
  // Same values, but the padding row's entries take no gradient, as PyTorch's embedding_backward.
  return nameGradFn(where(input.eq(paddingIdx).unsqueeze(-1), out.detach(), out), 'EmbeddingBackward0');
}
