// Speed of the conv/pool layers of a small MNIST CNN, forward and backward, on the CPU backend:
//   conv2d [64,1,28,28] -> 32 3x3 filters (padding 1), ReLU, 2x2 max pool,
//   conv2d [64,32,14,14] -> 64 3x3 filters (padding 1), ReLU, 2x2 max pool, sum, backward.
// Run from the repository root:
//   pnpm --filter @x/bench conv [steps] [threads]
// (threads: 1 unless given, as cnn_step.py's default). Each step runs inside torch.tidy, as the bench's
// CNN case: PyTorch frees a step's tensors by reference counting, and without tidy they would wait
// for the garbage collector and fill the kernels' heap.
// cnn_step.py (/usr/bin/python3 bench/conv/cnn_step.py [threads] [steps]) times the same step in
// PyTorch. Shared machines are noisy: compare medians taken in the same minute.
import '@x/backend-cpu';
import '@x/autograd';
import * as torch from '@x/tensor';
import { cnnParams } from './cnn-params';

const steps = Number(process.argv[2] ?? 10);
torch.setNumThreads(Number(process.argv[3] ?? 1));
const { x, w1, b1, w2, b2 } = cnnParams();

const phases: Record<string, number[]> = {};
function timed<T>(phase: string, f: () => T): T {
  const t = performance.now();
  const r = f();
  (phases[phase] ??= []).push(performance.now() - t);
  return r;
}

function step(): void {
  torch.tidy(stepBody);
}

function stepBody(): void {
  let h = timed('conv1 forward', () => torch.conv2d(x, w1, b1, { padding: 1 }));
  h = timed('relu forward', () => h.relu());
  h = timed('pools forward', () => torch.maxPool2d(h, 2));
  h = timed('conv2 forward', () => torch.conv2d(h, w2, b2, { padding: 1 }));
  h = timed('relu forward', () => h.relu());
  h = timed('pools forward', () => torch.maxPool2d(h, 2));
  const loss = h.sum();
  timed('backward (all layers)', () => loss.backward());
  for (const p of [w1, b1, w2, b2]) p.grad = null;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
// warm-up; the pauses let worker threads start (they come up in the background on first use)
for (let i = 0; i < 3; i++) {
  step();
  await new Promise((r) => setTimeout(r, 50));
}
for (const k of Object.keys(phases)) delete phases[k];
const totals: number[] = [];
for (let i = 0; i < steps; i++) {
  const t = performance.now();
  step();
  totals.push(performance.now() - t);
}
// phases that run twice per step are summed per step
const perStep = (v: number[]) => {
  const k = v.length / steps;
  return Array.from({ length: steps }, (_, i) => v.slice(i * k, (i + 1) * k).reduce((a, b) => a + b, 0));
};
console.log(`forward + backward per batch of 64: median ${median(totals).toFixed(1)} ms, best ${Math.min(...totals).toFixed(1)} ms (${steps} steps)`);
for (const [k, v] of Object.entries(phases)) console.log(`  ${k.padEnd(22)} median ${median(perStep(v)).toFixed(1)} ms`);
