// What the Chromium page runs (bundled for the browser: @x/backend-webgpu's `browser` export, so
// navigator.gpu): a matmul checked against the CPU, and training steps of a small MLP on WebGPU.
import * as torch from '@x/tensor';
import '@x/backend-cpu';
import '@x/autograd';
import * as nn from '@x/nn';
import * as optim from '@x/optim';
import { webgpu } from '@x/backend-webgpu';

async function run() {
  const info = await webgpu.ready();
  torch.manualSeed(0);
  const a = torch.randn(33, 47);
  const b = torch.randn(47, 29);
  const onGpu = await a.to('webgpu').matmul(b.to('webgpu')).toAsync('cpu');
  const matmulMaxError = onGpu.sub(a.matmul(b)).abs().max().itemSync() as number;

  const model = new nn.Sequential(new nn.Linear(8, 16), new nn.ReLU(), new nn.Linear(16, 3));
  model.to('webgpu');
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.05 });
  const x = torch.randn(32, 8).to('webgpu');
  const y = torch.randint(0, 3, [32]).to('webgpu');
  const criterion = new nn.CrossEntropyLoss();
  const losses: number[] = [];
  for (let step = 0; step < 20; step++) {
    const loss = torch.tidy(() => {
      optimizer.zeroGrad();
      const l = criterion.forward(model.forward(x) as torch.Tensor, y);
      l.backward();
      optimizer.step();
      return l.detach();
    });
    losses.push((await loss.item()) as number);
    loss.dispose();
  }
  return { adapter: info.name, matmulMaxError, device: String(model.parameters()[0]!.device), firstLoss: losses[0], lastLoss: losses.at(-1) };
}

const w = globalThis as unknown as { __result?: unknown; __error?: string };
run().then(
  (r) => { w.__result = r; },
  (e: unknown) => { w.__error = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e); },
);
