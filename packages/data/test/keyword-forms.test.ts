// Python's calling convention on every public constructor and function of @x/data: the keyword form
// equals the positional one, and an unknown option throws a TypeError naming the class or function.
// A new export without an entry here fails the walk.
import { describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import * as torch from '@x/tensor';
import * as data from '../src/index';

type Ctor = new (...args: unknown[]) => unknown;
type Fn = (...args: unknown[]) => unknown;

const ds = () => new data.TensorDataset(torch.arange(6).float(), torch.arange(6));
/** A dataset as a plain object: still the first positional argument, never mistaken for options. */
const plainDataset = { length: 4, getItem: (i: number) => i * 10 };

interface Entry {
  keywords: () => Record<string, unknown>;
  positional: () => unknown[];
}

const CLASSES: Record<string, Entry> = {
  TensorDataset: { keywords: () => ({ tensors: [torch.arange(3)] }), positional: () => [torch.arange(3)] },
  Subset: { keywords: () => ({ dataset: ds(), indices: [4, 1] }), positional: () => [ds(), [4, 1]] },
  ConcatDataset: { keywords: () => ({ datasets: [ds(), ds()] }), positional: () => [[ds(), ds()]] },
  SequentialSampler: { keywords: () => ({ dataSource: ds() }), positional: () => [ds()] },
  RandomSampler: { keywords: () => ({ dataSource: ds(), replacement: true, numSamples: 3, generator: new torch.Generator().manualSeed(1) }), positional: () => [ds(), true, 3, new torch.Generator().manualSeed(1)] },
  SubsetRandomSampler: { keywords: () => ({ indices: [5, 2, 3], generator: new torch.Generator().manualSeed(2) }), positional: () => [[5, 2, 3], new torch.Generator().manualSeed(2)] },
  WeightedRandomSampler: { keywords: () => ({ weights: [0.1, 0.9, 0.5], numSamples: 4, generator: new torch.Generator().manualSeed(3) }), positional: () => [[0.1, 0.9, 0.5], 4, true, new torch.Generator().manualSeed(3)] },
  BatchSampler: { keywords: () => ({ sampler: [0, 1, 2, 3, 4], batchSize: 2, dropLast: true }), positional: () => [[0, 1, 2, 3, 4], 2, true] },
  DataLoader: { keywords: () => ({ dataset: ds(), batchSize: 4, dropLast: true }), positional: () => [ds(), 4, null, null, null, 0, null, false, true] },
};

const FUNCTIONS: Record<string, Entry> = {
  randomSplit: { keywords: () => ({ dataset: ds(), lengths: [4, 2], generator: new torch.Generator().manualSeed(4) }), positional: () => [ds(), [4, 2], new torch.Generator().manualSeed(4)] },
};

/** Exports that are bases, type guards or helpers outside PyTorch's calling surface. */
const NOT_BOUND = new Set(['Dataset', 'IterableDataset', 'isMapDataset', 'isIterableDataset', 'defaultCollate', 'getWorkerInfo']);

const isClass = (v: unknown): v is Ctor => typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v));

/** What a built object yields (samplers, loaders, datasets): comparable values. */
async function contents(x: unknown): Promise<unknown> {
  if (Array.isArray(x)) return Promise.all(x.map(contents));
  if (x instanceof data.DataLoader) {
    const out: unknown[] = [];
    for await (const b of x) out.push(((b as torch.Tensor[])[1] as torch.Tensor).tolistSync());
    return out;
  }
  if (data.isMapDataset(x)) {
    const d = x as data.Dataset<unknown>;
    return Promise.all(Array.from({ length: d.length }, async (_, i) => {
      const item = await d.getItem(i);
      return Array.isArray(item) ? item.map((t) => (torch.isTensor(t) ? t.tolistSync() : t)) : item;
    }));
  }
  if (x !== null && typeof x === 'object' && Symbol.iterator in x) return [...(x as Iterable<unknown>)];
  return x;
}

describe('every public @x/data constructor and function takes its keyword form', () => {
  it('the walk covers every export', () => {
    const exported = Object.entries(data).filter(([k, v]) => typeof v === 'function' && !NOT_BOUND.has(k));
    expect(exported.filter(([, v]) => isClass(v)).map(([k]) => k).sort()).toEqual(Object.keys(CLASSES).sort());
    expect(exported.filter(([, v]) => !isClass(v)).map(([k]) => k).sort()).toEqual(Object.keys(FUNCTIONS).sort());
  });

  for (const [name, e] of Object.entries(CLASSES)) {
    it(`data.${name}`, async () => {
      const C = (data as unknown as Record<string, Ctor>)[name]!;
      expect(await contents(new C(e.keywords()))).toEqual(await contents(new C(...e.positional())));
      expect(() => new C({ ...e.keywords(), notAnOption: 1 })).toThrow(new RegExp(`^data\\.${name}\\(\\): unexpected option 'notAnOption'.*takes \\(`));
    });
  }

  for (const [name, e] of Object.entries(FUNCTIONS)) {
    it(`data.${name}`, async () => {
      const f = (data as unknown as Record<string, Fn>)[name]!;
      expect(await contents(f(e.keywords()))).toEqual(await contents(f(...e.positional())));
      expect(() => f({ ...e.keywords(), notAnOption: 1 })).toThrow(new RegExp(`^data\\.${name}\\(\\): unexpected option 'notAnOption'`));
    });
  }

  it('a plain-object dataset or source stays positional', async () => {
    const loader = new data.DataLoader(plainDataset, { batchSize: 2 });
    const batches: unknown[] = [];
    for await (const b of loader) batches.push((b as torch.Tensor).tolistSync());
    expect(batches).toEqual([[0, 10], [20, 30]]);
    expect([...new data.SequentialSampler({ length: 3 })]).toEqual([0, 1, 2]);
  });

  it("PyTorch's options that do not apply here are refused, not ignored", () => {
    expect(() => new data.DataLoader(ds(), { workerInitFn: (() => undefined) as never })).toThrow('DataLoader: workerInitFn is not supported');
    expect(() => new data.DataLoader(ds(), { pinMemoryDevice: 'cuda' })).toThrow("DataLoader: pinMemoryDevice does not apply here (got 'cuda')");
    expect(() => new data.DataLoader(ds(), { batch_size: 2 } as never)).toThrow(/unexpected option 'batch_size' \(did you mean 'batchSize'\?\)/);
  });
});
