import { it, expect } from 'vitest';
import '../src/index';
import * as torch from '@x/tensor';
it('smoke', () => {
  const x = torch.tensor([[1, 2], [3, 4]], { dtype: 'float32' });
  console.log(String(x), String(x.T), String(x.add(1.5)), String(x.matmul(x)), String(x.sum(1)), String(x.max(1).indices));
  console.log(String(torch.tensor([1, 2, 3])), torch.tensor([1, 2, 3]).dtype, String(x.mean()), String(x.var()), String(x.view(4)), String(x.T.reshape(4)));
  const e = torch.tensor([0.5, 1, 2, 3.5, 5], { dtype: 'float64' }).erf();
  console.log(Array.from(e.dataSync()));
  torch.manualSeed(0);
  console.log(String(torch.randn(2, 3)), String(torch.rand(3)), String(torch.arange(5)), String(torch.linspace(0, 1, 5)));
  expect(x.T.isContiguous()).toBe(false);
  expect(() => x.T.view(4)).toThrow(/view/);
});
