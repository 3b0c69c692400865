// A TypeScript user's file, typechecked against the installed packages with skipLibCheck off (so every
// shipped .d.ts is checked too), under `node16` and under `bundler` module resolution.
import * as torch from '@x/tensor';
import '@x/backend-cpu';
import { grad } from '@x/autograd';
import * as nn from '@x/nn';
import * as optim from '@x/optim';
import { DataLoader, Dataset, TensorDataset } from '@x/data';
import { Image, datasets, transforms } from '@x/vision';
import { train, type TrainResult } from './train.js';
import { pipeline } from './transforms.js';

export class Pairs extends Dataset<[torch.Tensor, torch.Tensor]> {
  constructor(private readonly x: torch.Tensor, private readonly y: torch.Tensor) { super(); }
  get length(): number { return this.x.shape[0]!; }
  getItem(i: number): [torch.Tensor, torch.Tensor] { return [this.x.at(i), this.y.at(i)]; }
}

export async function everything(): Promise<TrainResult> {
  const x = torch.randn(4, 3, { requiresGrad: true });
  const [g] = grad(x.pow(2).sum(), [x]);
  const conv: nn.functional.ConvOptions = { stride: 1, padding: 1 };
  const y = nn.functional.conv2d(torch.randn(1, 1, 5, 5), torch.randn(2, 1, 3, 3), null, conv);
  const opt: optim.Optimizer = new optim.SGD([x], { lr: 0.1 });
  const loader = new DataLoader(new TensorDataset(x), { batchSize: 2 });
  const pairs = new DataLoader(new Pairs(x, x), { batchSize: 2 });
  const t = transforms.Compose([transforms.Normalize([0.5], [0.5])]);
  const ds: typeof datasets.MNIST = datasets.MNIST;
  const img: typeof Image = Image;
  void [g, y, opt, loader, pairs, t, ds, img, pipeline];
  return train();
}

// The optim README's example, as written there, and the reads of an ordinary loop: no casts needed.
export function readmeExample(): string {
  const X = torch.tensor([[1], [2], [3], [4]], { dtype: 'float32' });
  const Y = torch.tensor([[3], [5], [7], [9]], { dtype: 'float32' });
  const w = torch.zeros([1, 1], { requiresGrad: true });
  const b = torch.zeros([1], { requiresGrad: true });
  const optimizer = new optim.SGD([w, b], { lr: 0.01, momentum: 0.9 });
  const loss = X.matmul(w).add(b).sub(Y).pow(2).mean();
  optimizer.zeroGrad(); loss.backward(); optimizer.step();
  const rows: number = X.size(0);
  const shape: readonly number[] = X.size();
  const best: torch.Tensor = torch.max(X, 1).values;
  const correct: number = X.eq(Y).sum().itemSync() + Number(X.eq(Y).all().isNonzeroSync());
  // @ts-expect-error: a misspelt dtype does not type-check
  torch.zeros([2], { dtype: 'flaot32' });
  // @ts-expect-error: nor does a device this stack has no backend for
  torch.zeros([2], { device: 'cuda:0' });
  const device: torch.Device = torch.isAvailable('webgpu') ? 'webgpu' : 'npu'; // 'npu': added below, as a backend package would
  return `${device} ${loss.itemSync().toFixed(4)} ${w.itemSync().toFixed(3)} ${b.itemSync().toFixed(3)} ${rows} ${shape.length} ${best.shape.length} ${correct}`;
}

// A third-party backend names its device for the types by declaration merging.
declare module '@x/tensor' {
  interface DeviceNames {
    npu: true;
  }
}
