// The seed's MNIST MLP started from PyTorch's initial weights follows PyTorch's loss step for step
// (fixture: scripts/mlp_fixture.py, Adam 1e-3, CrossEntropyLoss, one batch of 16).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import '@x/autograd';
import * as torch from '@x/tensor';
import * as optim from '@x/optim';
import * as nn from '../src/index';

interface Encoded {
  shape: number[];
  data: string;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/mlp-adam.json', import.meta.url), 'utf8')) as {
  initial: Record<string, Encoded>;
  x: Encoded;
  y: number[];
  losses: number[];
  final_logits: Encoded;
};

function decode(e: Encoded): torch.Tensor {
  const bytes = Buffer.from(e.data, 'base64');
  const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return torch.fromArray(values, e.shape);
}

class SimpleNN extends nn.Module {
  fc1 = new nn.Linear(28 * 28, 128);
  relu = new nn.ReLU();
  fc2 = new nn.Linear(128, 10);
  override forward(x: torch.Tensor) {
    x = x.view(x.shape[0]!, -1);
    return this.fc2.forward(this.relu.forward(this.fc1.forward(x)));
  }
}

function same(a: torch.Tensor, b: torch.Tensor): boolean {
  return a.shape.join() === b.shape.join() && Buffer.from(a.contiguous().dataSync().buffer).equals(Buffer.from(b.contiguous().dataSync().buffer));
}

describe('the seed MLP against PyTorch', () => {
  it('after manualSeed(0) starts from PyTorch\'s weights and draws PyTorch\'s batch, bit for bit', () => {
    torch.manualSeed(0);
    const model = new SimpleNN();
    for (const [k, v] of Object.entries(model.stateDict())) expect(same(v, decode(fixture.initial[k]!)), k).toBe(true);
    expect(same(torch.rand(16, 1, 28, 28), decode(fixture.x))).toBe(true);
    expect(torch.randint(0, 10, [16]).tolistSync()).toEqual(fixture.y);
  });

  it('follows PyTorch for 5 Adam steps to 1e-4', () => {
    const model = new SimpleNN();
    model.loadStateDict(Object.fromEntries(Object.entries(fixture.initial).map(([k, v]) => [k, decode(v)])));
    const x = decode(fixture.x);
    const y = torch.tensor(fixture.y);
    const criterion = new nn.CrossEntropyLoss();
    const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
    const losses: number[] = [];
    for (let step = 0; step < 5; step++) {
      optimizer.zeroGrad();
      const loss = criterion.forward(model.forward(x), y);
      loss.backward();
      optimizer.step();
      losses.push(loss.itemSync() as number);
    }
    losses.forEach((l, i) => expect(Math.abs(l - fixture.losses[i]!)).toBeLessThan(1e-4));
    const logits = torch.noGrad(() => model.forward(x));
    const expected = decode(fixture.final_logits);
    expect(logits.sub(expected).abs().max().itemSync()).toBeLessThan(1e-4);
  });
});
