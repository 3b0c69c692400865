// API.md's optim section as written: `import * as optim from '@x/optim'`, SGD and Adam on a model's
// parameters(), `optimizer.zeroGrad(); loss.backward(); optimizer.step();`, optim.lrScheduler.StepLR.
import { describe, expect, it } from 'vitest';
import * as torch from '@x/tensor';
import '@x/backend-cpu';
import '@x/autograd';
import * as optim from '@x/optim';

/** A stand-in for an nn.Module: parameters() returns leaf tensors that require grad. */
class Linear {
  weight: torch.Tensor;
  bias: torch.Tensor;
  constructor() {
    torch.manualSeed(0);
    this.weight = torch.randn([1, 1], { requiresGrad: true });
    this.bias = torch.zeros([1], { requiresGrad: true });
  }
  parameters(): torch.Tensor[] {
    return [this.weight, this.bias];
  }
  forward(x: torch.Tensor): torch.Tensor {
    return x.matmul(this.weight.t()).add(this.bias);
  }
}

const X = torch.tensor([[1], [2], [3], [4]], { dtype: 'float32' });
const Y = torch.tensor([[3], [5], [7], [9]], { dtype: 'float32' });

function train(model: Linear, optimizer: optim.Optimizer, epochs: number, scheduler?: optim.lrScheduler.LRScheduler): number {
  let last = Infinity;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const pred = model.forward(X);
    const loss = pred.sub(Y).pow(2).mean();
    optimizer.zeroGrad(); loss.backward(); optimizer.step();
    scheduler?.step();
    last = loss.itemSync() as number;
  }
  return last;
}

describe('API.md: optim', () => {
  it('new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 }) fits y = 2x + 1', () => {
    const model = new Linear();
    const optimizer = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
    expect(train(model, optimizer, 500)).toBeLessThan(1e-4);
    expect(model.weight.itemSync()).toBeCloseTo(2, 2);
    expect(model.bias.itemSync()).toBeCloseTo(1, 1);
  });

  it('new optim.Adam(model.parameters(), { lr: 1e-3 }) lowers the loss', () => {
    const model = new Linear();
    const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
    const first = train(model, optimizer, 1);
    expect(train(model, optimizer, 200)).toBeLessThan(first);
  });

  it('optim.lrScheduler.StepLR, constructed with new', () => {
    const model = new Linear();
    const optimizer = new optim.SGD(model.parameters(), { lr: 0.01 });
    const scheduler = new optim.lrScheduler.StepLR(optimizer, 10, { gamma: 0.5 });
    train(model, optimizer, 25, scheduler);
    expect(scheduler.getLastLr()).toEqual([0.0025]);
    expect(scheduler.lastEpoch).toBe(25);
  });

  it('exports the optimizers, the base class and the scheduler namespace', () => {
    expect(Object.keys(optim).sort()).toEqual(['Adadelta', 'Adagrad', 'Adam', 'AdamW', 'Optimizer', 'RMSprop', 'SGD', 'lrScheduler']);
    expect(Object.keys(optim.lrScheduler).sort()).toEqual([
      'ConstantLR', 'CosineAnnealingLR', 'CosineAnnealingWarmRestarts', 'ExponentialLR', 'LRScheduler', 'LambdaLR', 'LinearLR',
      'MultiStepLR', 'OneCycleLR', 'PolynomialLR', 'ReduceLROnPlateau', 'SequentialLR', 'StepLR',
    ]);
  });
});
