// Outside Node (a browser: no process.getBuiltinModule) numWorkers > 0 fails at construction with an
// error that says why and what to do; numWorkers: 0 still loads batches.
import { afterEach, expect, it, vi } from 'vitest';
import '@x/backend-cpu';
import * as torch from '@x/tensor';
import { DataLoader, TensorDataset } from '../src/index';

afterEach(() => vi.unstubAllGlobals());

it('numWorkers > 0 without Node worker threads names the fix; numWorkers: 0 works', async () => {
  const ds = new TensorDataset(torch.arange(6));
  vi.stubGlobal('process', { ...process, getBuiltinModule: undefined });
  expect(() => new DataLoader(ds, { batchSize: 2, numWorkers: 2, workerDataset: { module: 'x.mjs', export: 'd' } })).toThrow(
    'DataLoader: numWorkers > 0 needs Node.js worker threads (Node >= 20.19), which this environment does not have; use numWorkers: 0 to load batches in this thread',
  );
  const sizes: number[] = [];
  for await (const [b] of new DataLoader(ds, { batchSize: 4 }) as AsyncIterable<[torch.Tensor]>) sizes.push(b.shape[0]!);
  expect(sizes).toEqual([4, 2]);
});
