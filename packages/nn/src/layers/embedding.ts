// Embedding: a lookup table of numEmbeddings vectors, initialised from N(0, 1) with the padding row zeroed.
import { bindArgs, defineSignature, empty, noGrad, type Tensor } from '@x/tensor';
import { Module } from '../module';
import { Parameter } from '../parameter';
import { normal_ } from '../init';
import { embedding, normalizePaddingIdx } from '../functional/sparse';
import type { FactoryOptions } from './linear';

/** Embedding's options: `paddingIdx`, `maxNorm`, `normType`, `scaleGradByFreq`, `sparse`, and the factory options. */
export interface EmbeddingModuleOptions extends FactoryOptions {
  /** This row starts at zeros and gets no gradient (negative counts from the end). */
  paddingIdx?: number | null;
  /** Not implemented: only null (the default) is accepted. */
  maxNorm?: number | null;
  /** Used with maxNorm only (default 2). */
  normType?: number;
  /** Not implemented: only false (the default) is accepted. */
  scaleGradByFreq?: boolean;
  /** Not implemented: only false (the default) is accepted. */
  sparse?: boolean;
  /** Use this tensor [numEmbeddings, embeddingDim] as the weight (its storage is shared): PyTorch's `_weight`. */
  weight?: Tensor | null;
}

const EMBEDDING = defineSignature(
  'nn.Embedding(numEmbeddings: number, embeddingDim: number, paddingIdx: number | null = null, maxNorm: number | null = null, normType: number = 2.0, scaleGradByFreq: boolean = false, sparse: boolean = false, weight: Tensor | null = null, device?: string, dtype?: DType)',
  { doc: 'A lookup table of numEmbeddings vectors of size embeddingDim, initialised from N(0, 1).' },
);
const FROM_PRETRAINED = defineSignature(
  'nn.Embedding.fromPretrained(embeddings: Tensor, freeze: boolean = true, paddingIdx: number | null = null, maxNorm: number | null = null, normType: number = 2.0, scaleGradByFreq: boolean = false, sparse: boolean = false)',
  { doc: 'An Embedding whose weight is embeddings, frozen unless freeze is false.' },
);

type EmbeddingArgs = Required<Omit<EmbeddingModuleOptions, 'device' | 'dtype'>> & FactoryOptions & { numEmbeddings: number; embeddingDim: number };

/** What this port does not implement is refused, never ignored. */
function checkUnsupported(op: string, a: { maxNorm: number | null; scaleGradByFreq: boolean; sparse: boolean }): void {
  if (a.maxNorm !== null) throw new RangeError(`${op}: maxNorm (renormalising looked-up rows in place) is not implemented; pass null`);
  if (a.scaleGradByFreq) throw new RangeError(`${op}: scaleGradByFreq is not implemented; pass false`);
  if (a.sparse) throw new RangeError(`${op}: sparse gradients are not implemented; pass sparse: false`);
}

/** A lookup table of numEmbeddings vectors of size embeddingDim, indexed by int64 tensors (PyTorch's `nn.Embedding`). */
export class Embedding extends Module {
  /** The table, [numEmbeddings, embeddingDim]. */
  weight: Parameter;
  /** The row that gets no gradient (and starts at zero), or null; PyTorch's `padding_idx`. */
  readonly paddingIdx: number | null;
  /** Size of the dictionary (rows of weight). */
  readonly numEmbeddings: number;
  /** Size of each embedding vector (columns of weight). */
  readonly embeddingDim: number;
  /** `new nn.Embedding(10, 3)`, `new nn.Embedding(10, 3, { paddingIdx: 0 })`, `new nn.Embedding({ numEmbeddings: 10, embeddingDim: 3 })`. */
  constructor(numEmbeddings: number, embeddingDim: number, paddingIdx?: number | null, options?: EmbeddingModuleOptions);
  constructor(numEmbeddings: number, embeddingDim: number, options?: EmbeddingModuleOptions);
  constructor(options: EmbeddingModuleOptions & { numEmbeddings: number; embeddingDim: number });
  constructor(...args: unknown[]) {
    super();
    const a = bindArgs<EmbeddingArgs>(EMBEDDING, args);
    const { numEmbeddings, embeddingDim } = a;
    for (const [name, v] of [['numEmbeddings', numEmbeddings], ['embeddingDim', embeddingDim]] as const) {
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`Embedding: ${name} must be a non-negative integer, got ${v}`);
    }
    checkUnsupported('Embedding', a);
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    const options = a;
    this.paddingIdx = normalizePaddingIdx(options.paddingIdx, numEmbeddings);
    if (options.weight) {
      const w = options.weight;
      if (w.ndim !== 2 || w.shape[0] !== numEmbeddings || w.shape[1] !== embeddingDim) {
        throw new RangeError(`Embedding: Shape of weight does not match num_embeddings and embedding_dim (weight [${w.shape.join(', ')}], expected [${numEmbeddings}, ${embeddingDim}])`);
      }
      this.weight = new Parameter(w.detach());
    } else {
      this.weight = new Parameter(empty([numEmbeddings, embeddingDim], { device: options.device, dtype: options.dtype }));
      this.resetParameters();
    }
  }

  /** PyTorch's Embedding.from_pretrained: the weight is `embeddings`, frozen unless freeze is false. */
  static fromPretrained(embeddings: Tensor, freeze?: boolean, paddingIdx?: number | null): Embedding;
  static fromPretrained(embeddings: Tensor, options: { freeze?: boolean; paddingIdx?: number | null; maxNorm?: number | null; normType?: number; scaleGradByFreq?: boolean; sparse?: boolean }): Embedding;
  static fromPretrained(...args: unknown[]): Embedding {
    const a = bindArgs<{ embeddings: Tensor; freeze: boolean; paddingIdx: number | null; maxNorm: number | null; scaleGradByFreq: boolean; sparse: boolean }>(FROM_PRETRAINED, args);
    const embeddings = a.embeddings;
    if (embeddings.ndim !== 2) throw new RangeError(`Embedding.fromPretrained: Embeddings parameter is expected to be 2-dimensional, got shape [${embeddings.shape.join(', ')}]`);
    checkUnsupported('Embedding.fromPretrained', a);
    const e = new Embedding(embeddings.shape[0]!, embeddings.shape[1]!, { weight: embeddings, paddingIdx: a.paddingIdx });
    e.weight.requiresGrad_(!a.freeze);
    return e;
  }

  /** Re-initializes the table from N(0, 1) (the padding row zeroed), as PyTorch does. */
  resetParameters(): void {
    normal_(this.weight);
    if (this.paddingIdx !== null) noGrad(() => this.weight.select(0, this.paddingIdx!).fill_(0));
  }
  override forward(input: Tensor): Tensor {
    return embedding(input, this.weight, this.paddingIdx);
  }
  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx === null ? '' : `, padding_idx=${this.paddingIdx}`}`;
  }
}
