// One epoch of training in the page, as apps/mnist's loop (and PyTorch's): a shuffled DataLoader,
// zeroGrad, forward, CrossEntropyLoss, backward, Adam's step. Each step's tensors are freed by tidy;
// the loop yields to the event loop after every step, so the page keeps drawing and answering input.
import '@x/autograd';
import * as torch from '@x/tensor';
import * as nn from '@x/nn';
import * as optim from '@x/optim';
import { DataLoader, TensorDataset } from '@x/data';
import { SimpleNN } from './model';
import type { Split } from './data';

export interface TrainOptions {
  device: torch.Device;
  train: Split;
  test: Split;
  /** Train on the first `limit` images of `train`. */
  limit: number;
  batchSize?: number;
  lr?: number;
  seed?: number;
  /** After every step: the step (1-based), the number of steps, the batch's loss. */
  onStep(step: number, steps: number, loss: number): void;
}

export interface TrainResult {
  model: SimpleNN;
  meanLoss: number;
  accuracy: number;
  seconds: number;
}

/** Lets the browser render and handle input between two steps (a task, not a microtask). */
export function yieldToEventLoop(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof s?.yield === 'function') return s.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/** Test accuracy (0..1) of a model on a split, in eval mode without building a graph. */
export async function evaluate(model: nn.Module, split: Split, device: torch.Device): Promise<number> {
  model.eval();
  let correct = 0;
  const n = split.labels.shape[0]!;
  for (let start = 0; start < n; start += 500) {
    const hits = torch.tidy(() =>
      torch.noGrad(() => {
        const end = Math.min(start + 500, n);
        const x = split.images.at(`${start}:${end}`).float().div(255).to(device);
        const pred = (model.forward(x) as torch.Tensor).argmax(1);
        return pred.eq(split.labels.at(`${start}:${end}`).to(device)).sum();
      }),
    );
    correct += (await hits.item()) as number;
    hits.dispose();
    await yieldToEventLoop();
  }
  return correct / n;
}

export async function trainOneEpoch(opts: TrainOptions): Promise<TrainResult> {
  const { device, limit, batchSize = 64, lr = 1e-3, seed = 0 } = opts;
  const start = performance.now();
  torch.manualSeed(seed);
  const model = new SimpleNN();
  model.to(device);
  model.train();
  const criterion = new nn.CrossEntropyLoss();
  const optimizer = new optim.Adam(model.parameters(), { lr });
  const n = Math.min(limit, opts.train.labels.shape[0]!);
  const dataset = new TensorDataset(opts.train.images.at(`0:${n}`), opts.train.labels.at(`0:${n}`));
  const loader = new DataLoader(dataset, { batchSize, shuffle: true });
  let step = 0;
  let sum = 0;
  for await (const [x, y] of loader) {
    const loss = torch.tidy(() => {
      optimizer.zeroGrad();
      const out = model.forward(x.float().div(255).to(device)) as torch.Tensor;
      const l = criterion.forward(out, y.to(device));
      l.backward();
      optimizer.step();
      return l.detach();
    });
    const value = (await loss.item()) as number;
    loss.dispose();
    sum += value;
    step++;
    opts.onStep(step, loader.length, value);
    await yieldToEventLoop();
  }
  const seconds = (performance.now() - start) / 1000;
  const accuracy = await evaluate(model, opts.test, device);
  return { model, meanLoss: sum / step, accuracy, seconds };
}
