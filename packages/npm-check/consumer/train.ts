// A user's training program, as written against the published packages: a module class, a
// DataLoader, Adam, a whole-model save and load. It runs in Node (ESM, after type stripping) and,
// bundled and minified by esbuild, in Chromium. It returns what the check compares.
import * as torch from '@x/tensor';
import '@x/backend-cpu';
import '@x/autograd';
import * as nn from '@x/nn';
import * as optim from '@x/optim';
import { DataLoader, TensorDataset } from '@x/data';

class Net extends nn.Module {
  static override readonly name = 'Net'; // a stable name for prints and torch.load when the bundle is minified
  body = new nn.Sequential(new nn.Linear(2, 16), new nn.ReLU(), new nn.Linear(16, 1));
  override forward(x: torch.Tensor): torch.Tensor {
    return this.body.forward(x);
  }
}

export interface TrainResult {
  firstLoss: number;
  lastLoss: number;
  printed: string;
  reloadedPrinted: string;
  reloadedSame: boolean;
  backend: string;
}

export async function train(): Promise<TrainResult> {
  torch.manualSeed(0);
  const x = torch.rand(64, 2);
  const y = x.matmul(torch.tensor([[2], [-3]], { dtype: 'float32' })).add(0.5);
  const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 16, shuffle: true });
  const model = new Net();
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.05 });
  const criterion = new nn.MSELoss();
  const losses: number[] = [];
  for (let epoch = 0; epoch < 30; epoch++) {
    let total = 0;
    for await (const [xb, yb] of loader) {
      optimizer.zeroGrad();
      const loss = criterion.forward(model.forward(xb), yb);
      loss.backward();
      optimizer.step();
      total += Number(loss.itemSync());
    }
    losses.push(total / loader.length);
  }
  const bytes = await torch.saveBytes(model);
  const reloaded = torch.loadBytes<Net>(bytes, { modules: { Net } });
  const before = torch.noGrad(() => model.forward(x));
  const after = torch.noGrad(() => reloaded.forward(x));
  return {
    firstLoss: losses[0]!,
    lastLoss: losses[losses.length - 1]!,
    printed: String(model),
    reloadedPrinted: String(reloaded),
    reloadedSame: reloaded instanceof Net && Boolean(before.eq(after).all().itemSync()),
    backend: 'cpu',
  };
}
