// Index samplers (torch.utils.data.*Sampler): iterables of dataset indices.
import type { Generator } from '@x/tensor';
import { defaultGenerator } from '@x/tensor';
import { bindArgs, defineSignature } from '@x/tensor';
import { bindWithValue } from './bind';

const sig = (text: string, doc: string) => defineSignature(`data.${text}`, { doc });
const SEQUENTIAL = sig('SequentialSampler(dataSource: Sized)', 'The indices 0 .. length - 1 in order.');
const RANDOM = sig('RandomSampler(dataSource: Sized, replacement: boolean = false, numSamples: number | null = null, generator: Generator | null = null)', 'A random order, or numSamples draws with replacement.');
const SUBSET_RANDOM = sig('SubsetRandomSampler(indices: number[], generator: Generator | null = null)', 'The given indices in a random order.');
const WEIGHTED_RANDOM = sig('WeightedRandomSampler(weights: number[], numSamples: number, replacement: boolean = true, generator: Generator | null = null)', 'numSamples indices drawn with probability proportional to weights.');
const BATCH = sig('BatchSampler(sampler: Iterable<number>, batchSize: number, dropLast: boolean)', 'The indices of sampler in batches.');

const isSized = (x: unknown): boolean => typeof (x as { length?: unknown }).length === 'number' && !('dataSource' in (x as object));
const isIterable = (x: unknown): boolean => typeof (x as Iterable<unknown>)[Symbol.iterator] === 'function';
import { childGenerator } from './seed';

/** Anything that yields indices (or, for a batch sampler, arrays of indices), with an optional length. */
export interface Sampler<T = number> extends Iterable<T> {
  readonly length?: number;
}

interface Sized { readonly length: number }

function checkPositive(name: string, what: string, v: number): void {
  if (!Number.isInteger(v) || v <= 0) throw new RangeError(`${name}: ${what} should be a positive integer value, but got ${what}=${v}`);
}

/** 0, 1, ..., n-1. */
export class SequentialSampler implements Sampler {
  /** The dataset (or anything with a length) whose indices are drawn. */
  readonly dataSource: Sized;
  constructor(dataSource: Sized);
  constructor(...args: unknown[]) {
    this.dataSource = bindWithValue<{ dataSource: Sized }>(SEQUENTIAL, args, isSized).dataSource;
  }
  /** The number of indices, the dataset's length. */
  get length(): number { return this.dataSource.length; }
  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.dataSource.length; i++) yield i;
  }
}

/** RandomSampler's options: `replacement`, `numSamples`, `generator` (PyTorch's names in camelCase). */
export interface RandomSamplerOptions {
  replacement?: boolean;
  numSamples?: number;
  generator?: Generator;
}

/**
 * A random order (a fresh permutation per iteration) or, with replacement, `numSamples` uniform draws. Without
 * a generator each iteration seeds its own from the global one, so `manualSeed` makes epochs reproducible.
 */
export class RandomSampler implements Sampler {
  /** Whether indices are drawn with replacement. */
  readonly replacement: boolean;
  /** The random generator (undefined: the global one). */
  readonly generator: Generator | undefined;
  private readonly requested: number | undefined;

  /** The dataset (or anything with a length) whose indices are drawn. */
  readonly dataSource: Sized;
  constructor(dataSource: Sized, options?: RandomSamplerOptions);
  constructor(dataSource: Sized, replacement?: boolean, numSamples?: number | null, generator?: Generator | null);
  constructor(...args: unknown[]) {
    const options = bindWithValue<{ dataSource: Sized; replacement: boolean; numSamples: number | null; generator: Generator | null }>(RANDOM, args, isSized);
    this.dataSource = options.dataSource;
    this.replacement = options.replacement;
    this.generator = options.generator ?? undefined;
    this.requested = options.numSamples ?? undefined;
    if (typeof this.replacement !== 'boolean') throw new TypeError(`RandomSampler: replacement should be a boolean value, but got replacement=${String(this.replacement)}`);
    checkPositive('RandomSampler', 'num_samples', this.numSamples);
  }

  /** How many indices one pass yields (the dataset's length unless given). */
  get numSamples(): number { return this.requested ?? this.dataSource.length; }
  /** numSamples. */
  get length(): number { return this.numSamples; }

  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.length;
    const g = this.generator ?? childGenerator();
    if (this.replacement) {
      for (let i = 0; i < this.numSamples; i++) yield g.nextInt(0, n);
      return;
    }
    for (let k = 0; k < Math.floor(this.numSamples / n); k++) yield* g.permutation(n);
    yield* g.permutation(n).subarray(0, this.numSamples % n);
  }
}

/** The given indices in a random order (a fresh permutation per iteration). */
export class SubsetRandomSampler implements Sampler {
  /** The random generator (undefined: the global one). */
  readonly generator: Generator | undefined;
  /** The indices drawn from, in a new random order each epoch. */
  readonly indices: readonly number[];
  constructor(indices: readonly number[], options?: { generator?: Generator | null });
  constructor(indices: readonly number[], generator?: Generator | null);
  constructor(...args: unknown[]) {
    const a = bindArgs<{ indices: readonly number[]; generator: Generator | null }>(SUBSET_RANDOM, args);
    this.indices = a.indices;
    this.generator = a.generator ?? undefined;
  }
  /** The number of indices. */
  get length(): number { return this.indices.length; }
  *[Symbol.iterator](): Iterator<number> {
    for (const i of (this.generator ?? defaultGenerator()).permutation(this.indices.length)) yield this.indices[i]!;
  }
}

/** `numSamples` indices drawn with probability proportional to `weights` (torch.multinomial). */
export class WeightedRandomSampler implements Sampler {
  /** The (unnormalized) weight of each index. */
  readonly weights: readonly number[];
  /** Whether indices are drawn with replacement. */
  readonly replacement: boolean;
  /** The random generator (undefined: the global one). */
  readonly generator: Generator | undefined;

  /** How many indices an epoch draws. */
  readonly numSamples: number;
  constructor(weights: readonly number[], numSamples: number, options?: { replacement?: boolean; generator?: Generator | null });
  constructor(weights: readonly number[], numSamples: number, replacement?: boolean, generator?: Generator | null);
  constructor(options: { weights: readonly number[]; numSamples: number; replacement?: boolean; generator?: Generator | null });
  constructor(...args: unknown[]) {
    const options = bindArgs<{ weights: readonly number[]; numSamples: number; replacement: boolean; generator: Generator | null }>(WEIGHTED_RANDOM, args);
    const { weights, numSamples } = options;
    this.numSamples = numSamples;
    checkPositive('WeightedRandomSampler', 'num_samples', numSamples);
    this.replacement = options.replacement;
    if (typeof this.replacement !== 'boolean') throw new TypeError(`WeightedRandomSampler: replacement should be a boolean value, but got replacement=${String(this.replacement)}`);
    if (weights.some((w) => !(w >= 0) || !Number.isFinite(w))) throw new RangeError('WeightedRandomSampler: weights must be finite and non-negative');
    const positive = weights.filter((w) => w > 0).length;
    if (positive === 0) throw new RangeError('WeightedRandomSampler: invalid multinomial distribution (sum of probabilities <= 0)');
    if (!this.replacement && numSamples > positive) {
      throw new RangeError(`WeightedRandomSampler: cannot sample ${numSamples} > ${positive} non-zero weights without replacement`);
    }
    this.weights = [...weights];
    this.generator = options.generator ?? undefined;
  }

  /** numSamples, the indices one pass yields. */
  get length(): number { return this.numSamples; }

  *[Symbol.iterator](): Iterator<number> {
    const g = this.generator ?? defaultGenerator();
    const w = [...this.weights];
    for (let k = 0; k < this.numSamples; k++) {
      const total = w.reduce((a, b) => a + b, 0);
      let u = g.nextFloat64() * total;
      let i = 0;
      while (i < w.length - 1 && (u >= w[i]! || w[i] === 0)) u -= w[i++]!;
      while (w[i] === 0) i--; // rounding at the end: fall back to the last positive weight
      yield i;
      if (!this.replacement) w[i] = 0;
    }
  }
}

/** Groups the indices of `sampler` into arrays of `batchSize` (the last one shorter unless `dropLast`). */
export class BatchSampler implements Sampler<number[]> {
  /** The sampler whose indices are grouped into batches. */
  readonly sampler: Iterable<number> & { readonly length?: number };
  /** Indices per batch. */
  readonly batchSize: number;
  /** Whether the last, smaller batch is dropped. */
  readonly dropLast: boolean;
  constructor(sampler: Iterable<number> & { readonly length?: number }, batchSize: number, dropLast: boolean);
  constructor(sampler: Iterable<number> & { readonly length?: number }, options: { batchSize: number; dropLast: boolean });
  constructor(options: { sampler: Iterable<number> & { readonly length?: number }; batchSize: number; dropLast: boolean });
  constructor(...args: unknown[]) {
    const { sampler, batchSize, dropLast } = bindWithValue<{ sampler: Iterable<number> & { readonly length?: number }; batchSize: number; dropLast: boolean }>(BATCH, args, isIterable);
    this.sampler = sampler;
    this.batchSize = batchSize;
    this.dropLast = dropLast;
    checkPositive('BatchSampler', 'batch_size', batchSize);
    if (typeof dropLast !== 'boolean') throw new TypeError(`BatchSampler: drop_last should be a boolean value, but got drop_last=${String(dropLast)}`);
  }

  /** The number of batches (the last, short one counted unless dropLast). */
  get length(): number {
    const n = this.sampler.length;
    if (n === undefined) throw new TypeError('BatchSampler: the sampler has no length');
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    for (const i of this.sampler) {
      batch.push(i);
      if (batch.length === this.batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.dropLast) yield batch;
  }
}
