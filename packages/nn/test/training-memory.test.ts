// A training loop in steady state stays on the CPU's SIMD path, counted (not timed): 500 Adam steps of
// the seed's MNIST MLP with the default zeroGrad() (setToNone, which frees the old gradients) and a
// torch.tidy per step neither grow the kernels' heap nor put any tensor outside it (where the slower
// TypeScript kernels would serve it), and the first steps follow PyTorch's losses
// (fixture: scripts/mlp_fixture.py). The heap's limit is set just above what warm-up used, so a step
// that leaks a gradient (400 KiB for fc1's weight) overflows it within a few dozen steps.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cpuPool } from '@x/backend-cpu';
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
};

/** A fixture tensor, copied into the CPU's heap (fromArray wraps memory outside it). */
function decode(e: Encoded): torch.Tensor {
  const bytes = Buffer.from(e.data, 'base64');
  return torch.fromArray(new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)), e.shape).clone();
}

const limit = cpuPool.heapLimitBytes;
afterAll(() => {
  cpuPool.heapLimitBytes = limit;
});

describe('500 training steps of an MLP on the CPU', () => {
  it('keep every tensor in the kernels\' heap, with the heap and the live tensors flat', () => {
    const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(28 * 28, 128), new nn.ReLU(), new nn.Linear(128, 10));
    const initial = Object.values(fixture.initial).map(decode);
    torch.noGrad(() => model.parameters().forEach((p, i) => p.copy_(initial[i]!)));
    const x = decode(fixture.x);
    const y = torch.tensor(fixture.y);
    const criterion = new nn.CrossEntropyLoss();
    const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
    const step = (): number =>
      torch.tidy(() => {
        optimizer.zeroGrad();
        const loss = criterion.forward(model.forward(x), y);
        loss.backward();
        optimizer.step();
        return loss.itemSync() as number;
      });

    const losses = Array.from({ length: 5 }, step);
    for (let i = 0; i < 5; i++) expect(losses[i]).toBeCloseTo(fixture.losses[i]!, 4);
    const before = torch.memory('cpu');
    cpuPool.heapLimitBytes = before.heapBytes! + 2 ** 20;
    let last = 0;
    for (let i = 5; i < 500; i++) last = step();
    const after = torch.memory('cpu');
    cpuPool.heapLimitBytes = limit;

    expect(after.offHeapAllocs).toBe(before.offHeapAllocs);
    expect(after.offHeapOperands).toBe(before.offHeapOperands);
    expect(after.heapBytes).toBe(before.heapBytes);
    expect(after.heapLiveBytes).toBe(before.heapLiveBytes);
    expect(after.tensors).toBe(before.tensors);
    // the same batch 500 times: the loss falls far below the first step's
    expect(last).toBeLessThan(losses[0]! / 10);
  });
});
