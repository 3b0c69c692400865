import { describe, expect, it, beforeAll } from 'vitest';
import * as torch from '@x/tensor';
import '@x/backend-cpu';
import { webgpu } from '../src/index';

beforeAll(async () => {
  await webgpu.ready();
});

describe('smoke', () => {
  it('elementwise', async () => {
    console.log(String(webgpu.info()));
    const a = torch.tensor([1, 2, 3, -4], { dtype: 'float32', device: 'webgpu' });
    const b = a.mul(2).add(1).abs();
    expect(await b.tolist()).toEqual([3, 5, 7, 7]);
    const c = torch.tensor([[1, 2], [3, 4]], { device: 'webgpu' });
    expect(c.dtype).toBe('int64');
    expect(await c.T.add(c).tolist()).toEqual([[2, 5], [5, 8]]);
    expect(await c.gt(2).tolist()).toEqual([[false, false], [true, true]]);
  });
});
