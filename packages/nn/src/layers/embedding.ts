// Embedding: a lookup table of numEmbeddings vectors, initialised from N(0, 1) with the padding row zeroed.
import { empty, noGrad, type Tensor } from '@x/tensor';
import { Module } from '../module';
import { Parameter } from '../parameter';
import { normal_ } from '../init';
import { embedding, normalizePaddingIdx } from '../functional/sparse';
import type { FactoryOptions } from './linear';

export interface EmbeddingModuleOptions extends FactoryOptions {
  /** This row starts at zeros and gets no gradient (negative counts from the end). */
  paddingIdx?: number | null;
  /** Use this tensor [numEmbeddings, embeddingDim] as the weight (its storage is shared). */
  weight?: Tensor;
}

export class Embedding extends Module {
  weight: Parameter;
  readonly paddingIdx: number | null;
  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    options: EmbeddingModuleOptions = {},
  ) {
    super();
    for (const [name, v] of [['numEmbeddings', numEmbeddings], ['embeddingDim', embeddingDim]] as const) {
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`Embedding: ${name} must be a non-negative integer, got ${v}`);
    }
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
  static fromPretrained(embeddings: Tensor, options: { freeze?: boolean; paddingIdx?: number | null } = {}): Embedding {
    if (embeddings.ndim !== 2) throw new RangeError(`Embedding.fromPretrained: Embeddings parameter is expected to be 2-dimensional, got shape [${embeddings.shape.join(', ')}]`);
    const e = new Embedding(embeddings.shape[0]!, embeddings.shape[1]!, { weight: embeddings, paddingIdx: options.paddingIdx });
    e.weight.requiresGrad_(!(options.freeze ?? true));
    return e;
  }

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
