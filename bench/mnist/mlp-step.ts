// One training step of the MNIST demo's default model (the seed's SimpleNN, 784 -> 128 -> ReLU -> 10,
// batch 64, CrossEntropyLoss, Adam 1e-3), against the same step in PyTorch in the same run when
// /usr/bin/python3 has torch (one thread each: the demo's Node process computes on one core).
// Run from the repository root:
//   pnpm --filter @x/bench mlp [steps]
import '@x/backend-cpu';
import '@x/autograd';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as torch from '@x/tensor';
import * as nn from '@x/nn';
import * as optim from '@x/optim';

const steps = Number(process.argv[2] ?? 300);
torch.manualSeed(0);
const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
const lossFn = new nn.CrossEntropyLoss();
const x = torch.rand([64, 1, 28, 28]);
const y = torch.randint(0, 10, [64]);

function step(): void {
  const loss = lossFn.forward(model.forward(x), y);
  opt.zeroGrad();
  loss.backward();
  opt.step();
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
for (let i = 0; i < 50; i++) step();
const totals: number[] = [];
for (let i = 0; i < steps; i++) {
  const t = performance.now();
  step();
  totals.push(performance.now() - t);
}
const ours = median(totals);
console.log(`@x: median ${ours.toFixed(2)} ms per step (${steps} steps)`);

const script = fileURLToPath(new URL('./mlp_step.py', import.meta.url));
const py = spawnSync('/usr/bin/python3', [script, '1', String(steps)], { encoding: 'utf8' });
if (py.status === 0) {
  const theirs = Number(py.stdout.trim());
  console.log(`PyTorch (1 thread): median ${theirs.toFixed(2)} ms per step`);
  console.log(`ratio @x / PyTorch: ${(ours / theirs).toFixed(2)}x`);
} else {
  console.log(`PyTorch not run (/usr/bin/python3 with torch is needed): ${(py.stderr || String(py.error)).trim().split('\n').pop()}`);
}
