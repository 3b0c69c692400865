// DataLoader's batches are typed by the samples when the default collate makes them (checked by
// `tsc` in the typecheck task; the runtime lines check that the types tell the truth).
import { expect, expectTypeOf, it } from 'vitest';
import '@x/backend-cpu';
import * as torch from '@x/tensor';
import { DataLoader, Dataset, TensorDataset, defaultCollate, type Collated } from '../src/index';

class Pairs extends Dataset<[torch.Tensor, number]> {
  get length() { return 4; }
  getItem(i: number): [torch.Tensor, number] { return [torch.full([2], i), i]; }
}

it('default-collated batches have the samples\' structure, with tensors where numbers were', async () => {
  expectTypeOf<Collated<[torch.Tensor, number]>>().toEqualTypeOf<[torch.Tensor, torch.Tensor]>();
  expectTypeOf<Collated<{ image: torch.Tensor; label: number; name: string }>>().toEqualTypeOf<{ image: torch.Tensor; label: torch.Tensor; name: string[] }>();
  expectTypeOf<Collated<torch.Tensor[]>>().toEqualTypeOf<torch.Tensor[]>();
  expectTypeOf(defaultCollate([true, false])).toEqualTypeOf<torch.Tensor>();

  const loader = new DataLoader(new Pairs(), { batchSize: 2 });
  expectTypeOf(loader).toEqualTypeOf<DataLoader<[torch.Tensor, number], [torch.Tensor, torch.Tensor]>>();
  for await (const [x, y] of loader) {
    expect(torch.isTensor(x) && torch.isTensor(y)).toBe(true);
    expect(y.dtype).toBe('int64');
    expectTypeOf(y.shape).toEqualTypeOf<readonly number[]>();
  }
  for await (const [x] of new DataLoader(new TensorDataset(torch.zeros(3, 2)), { batchSize: 3 })) expect(x.shape).toEqual([3, 2]);
  // a collateFn decides the batch type
  const sizes = new DataLoader(new Pairs(), { batchSize: 2, collateFn: (items) => items.length });
  expectTypeOf(sizes).toEqualTypeOf<DataLoader<[torch.Tensor, number], number>>();
});
