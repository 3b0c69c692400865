// Conv1d/Conv2d and the pooling layers against PyTorch 1.13 goldens (scripts/layers_fixtures.py),
// then their default initialisation and PyTorch's errors.
import { describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import '@x/autograd';
import * as torch from '@x/tensor';
import * as nn from '../src/index';
import { loadLayerFixture, runLayerCase } from './layers-fixture';

const fixture = loadLayerFixture('layers-conv.json');

describe(`conv and pooling layers vs PyTorch ${fixture.torch}`, () => {
  for (const c of fixture.cases) {
    it(c.name, () => runLayerCase(c, { rtol: 1e-5, atol: 1e-6 }));
  }
});

const num = (t: torch.Tensor) => Number(t.itemSync());

describe('conv layers', () => {
  it('construct as in API.md and print as PyTorch', () => {
    const conv = new nn.Conv2d(1, 32, 3, { stride: 1, padding: 1 });
    expect(conv.toString()).toBe('Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))');
    expect(conv.weight.shape).toEqual([32, 1, 3, 3]);
    expect(conv.bias!.shape).toEqual([32]);
    expect(conv.forward(torch.zeros(2, 1, 28, 28)).shape).toEqual([2, 32, 28, 28]);
    expect(Object.keys(conv.stateDict())).toEqual(['weight', 'bias']);
    expect(new nn.MaxPool2d(2).toString()).toBe('MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)');
    expect(new nn.Conv2d(2, 4, 3, { paddingMode: 'reflect', padding: 1 }).toString()).toBe('Conv2d(2, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), padding_mode=reflect)');
  });

  it('initialise with kaiming-uniform (a=√5): weight and bias within ±1/√fan_in', () => {
    torch.manualSeed(0);
    const conv = new nn.Conv2d(16, 64, 3); // fan_in 144: bound 1/12
    const bound = 1 / 12;
    const w = conv.weight.detach();
    expect(num(w.abs().max())).toBeLessThanOrEqual(bound);
    expect(num(w.abs().max())).toBeGreaterThan(bound * 0.99);
    // uniform(-b, b): mean 0, std b/√3
    expect(Math.abs(num(w.mean()))).toBeLessThan(0.002);
    expect(Math.abs(num(w.std()) - bound / Math.sqrt(3))).toBeLessThan(0.001);
    expect(num(conv.bias!.abs().max())).toBeLessThanOrEqual(bound);
    const grouped = new nn.Conv1d(8, 4, 5, { groups: 2 }); // fan_in = 4 * 5
    expect(grouped.weight.shape).toEqual([4, 4, 5]);
    expect(num(grouped.weight.abs().max())).toBeLessThanOrEqual(1 / Math.sqrt(20));
  });

  it("refuses bad arguments with PyTorch's messages", () => {
    expect(() => new nn.Conv2d(3, 4, 3, { groups: 2 })).toThrow('in_channels must be divisible by groups');
    expect(() => new nn.Conv2d(4, 3, 3, { groups: 2 })).toThrow('out_channels must be divisible by groups');
    expect(() => new nn.Conv2d(4, 4, 3, { stride: 2, padding: 'same' })).toThrow("padding='same' is not supported for strided convolutions");
    expect(() => new nn.Conv2d(4, 4, 3, { padding: 'foo' as 'same' })).toThrow("Invalid padding string 'foo', should be one of {'same', 'valid'}");
    expect(() => new nn.Conv2d(4, 4, 3, { paddingMode: 'foo' as 'zeros' })).toThrow("padding_mode must be one of {'reflect', 'circular', 'zeros', 'replicate'}, but got padding_mode='foo'");
    expect(() => new nn.Conv2d(4, 4, 3).forward(torch.randn(1, 3, 5, 5))).toThrow(/expected input\[1, 3, 5, 5\] to have 4 channels, but got 3 channels instead/);
    expect(() => new nn.Conv2d(4, 4, 3).forward(torch.randn(5, 5))).toThrow('Expected 3D (unbatched) or 4D (batched) input to conv2d');
  });

  it('returns values and int64 indices with returnIndices', () => {
    const [values, indices] = new nn.MaxPool2d(2, { returnIndices: true }).forward(torch.arange(16, { dtype: 'float32' }).reshape(1, 1, 4, 4));
    expect(values.tolistSync()).toEqual([[[[5, 7], [13, 15]]]]);
    expect(indices.dtype).toBe('int64');
    expect(indices.tolistSync()).toEqual([[[[5, 7], [13, 15]]]]);
  });

  it('types a plain MaxPool2d forward as a Tensor, so layers chain', () => {
    const pool = new nn.MaxPool2d(2);
    const conv = new nn.Conv2d(1, 2, 3, { padding: 1 });
    expect(conv.forward(pool.forward(torch.randn(1, 1, 4, 4))).shape).toEqual([1, 2, 2, 2]);
  });

  it('a small CNN trains end to end', () => {
    torch.manualSeed(0);
    const model = new nn.Sequential(
      new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.MaxPool2d(2),
      new nn.Conv2d(4, 8, 3), new nn.AdaptiveAvgPool2d(1), new nn.Flatten(), new nn.Dropout(0.1), new nn.Linear(8, 3), new nn.LogSoftmax(1),
    );
    const x = torch.randn(6, 1, 8, 8);
    const target = nn.functional.oneHot(torch.tensor([0, 1, 2, 0, 1, 2]), 3).float();
    const loss = (model.forward(x) as torch.Tensor).mul(target).sum().neg();
    loss.backward();
    expect(model.parameters().every((p) => p.grad !== null && p.grad.shape.join() === p.shape.join())).toBe(true);
  });
});
