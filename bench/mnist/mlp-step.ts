// One training step of the MNIST demo's default model (the seed's SimpleNN, 784 -> 128 -> ReLU -> 10,
// batch 64, CrossEntropyLoss, Adam 1e-3), against the same step in PyTorch in the same run when
// /usr/bin/python3 has torch (one thread each: the demo's Node process computes on one core).
//
// It reports, per step, what the step asks of the device (new storages, kernels, uploads, reads;
// counted by wrapping the CPU backend's methods), the median time with the step inside torch.tidy
// (memory returns to the CPU pool at once) and without it (the garbage collector frees it), and
// PyTorch's time. `rss` mode runs 10,000 steps and reports the process's RSS growth from step 1,000.
// Run from the repository root:
//   pnpm --filter @x/bench mlp [steps]
//   pnpm --filter @x/bench mlp rss [steps] [tidy|plain]
import '@x/backend-cpu';
import '@x/autograd';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as torch from '@x/tensor';
import * as nn from '@x/nn';
import * as optim from '@x/optim';

const mode = process.argv[2] === 'rss' ? 'rss' : 'time';
const steps = Number((mode === 'rss' ? process.argv[3] : process.argv[2]) ?? (mode === 'rss' ? 10_000 : 300));
torch.manualSeed(0);
const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
const lossFn = new nn.CrossEntropyLoss();
const x = torch.rand([64, 1, 28, 28]);
const y = torch.randint(0, 10, [64]);

function step(): torch.Tensor {
  const loss = lossFn.forward(model.forward(x), y);
  // PyTorch 1.13's default, as mlp_step.py runs it (set_to_none=False): gradients zeroed and accumulated in place
  opt.zeroGrad({ setToNone: false });
  loss.backward();
  opt.step();
  return loss;
}
const tidyStep = (): void => torch.tidy(step).dispose(); // the loss too: nothing outlives the step

/** Wraps the CPU backend's methods to count calls by kind. */
function countCalls(): { counts: Record<string, number>; restore(): void } {
  const backend = torch.getBackend('cpu') as unknown as Record<string, unknown>;
  const kinds: Record<string, string> = { allocate: 'storages', upload: 'uploads', read: 'reads', readSync: 'reads', dispose: 'disposes', check: 'checks' };
  const kernels = ['fill', 'copy', 'unary', 'binary', 'where', 'clamp', 'reduce', 'scan', 'matmul', 'gather', 'scatter', 'sort', 'conv2d', 'conv2dBackwardInput', 'conv2dBackwardWeight', 'maxPool2d', 'maxPool2dBackward'];
  const counts: Record<string, number> = { storages: 0, kernels: 0, uploads: 0, reads: 0, disposes: 0, checks: 0, fused: 0 };
  const saved: [string, unknown][] = [];
  const wrap = (name: string, kind: string, holder: Record<string, unknown>) => {
    const f = holder[name];
    if (typeof f !== 'function') return;
    saved.push([name, f]);
    holder[name] = (...args: unknown[]) => {
      counts[kind]!++;
      return (f as (...a: unknown[]) => unknown).apply(holder, args);
    };
  };
  for (const [name, kind] of Object.entries(kinds)) wrap(name, kind, backend);
  for (const name of kernels) wrap(name, 'kernels', backend);
  const fused = backend.fused as Record<string, unknown> | undefined;
  const fusedSaved: [string, unknown][] = [];
  if (fused) {
    for (const [name, f] of Object.entries(fused)) {
      fusedSaved.push([name, f]);
      fused[name] = (...args: unknown[]) => {
        const handled = (f as (...a: unknown[]) => boolean)(...args);
        if (handled) {
          counts.fused!++;
          counts.kernels!++;
        }
        return handled;
      };
    }
  }
  return {
    counts,
    restore() {
      for (const [name, f] of saved) backend[name] = f;
      if (fused) for (const [name, f] of fusedSaved) fused[name] = f;
    },
  };
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

function timeSteps(run: () => void, n: number): number {
  const totals: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    run();
    totals.push(performance.now() - t);
  }
  return median(totals);
}

async function rss(): Promise<void> {
  const useTidy = process.argv[4] !== 'plain';
  const run = useTidy ? tidyStep : () => void step();
  const mb = () => process.memoryUsage().rss / 2 ** 20;
  let at1000 = 0;
  const t0 = performance.now();
  for (let i = 1; i <= steps; i++) {
    run();
    if (i % 100 === 0) await new Promise((r) => setImmediate(r)); // as a DataLoader loop yields
    if (i === 1000) at1000 = mb();
    if (i % 1000 === 0) {
      // tensors: created and not disposed (on the CPU the garbage collector frees the others without a count)
      const m = torch.memory('cpu');
      const kernels = `kernels' heap ${((m.heapBytes ?? 0) / 2 ** 20).toFixed(1)} MB (live ${((m.heapLiveBytes ?? 0) / 2 ** 20).toFixed(1)})`;
      console.log(`step ${i}: rss ${mb().toFixed(1)} MB, js heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)} MB, ${kernels}, undisposed cpu tensors ${m.tensors}`);
    }
  }
  const end = mb();
  console.log(`${useTidy ? 'with tidy' : 'without tidy'}: RSS ${at1000.toFixed(1)} MB at step 1,000, ${end.toFixed(1)} MB at step ${steps.toLocaleString('en')}: ${(((end - at1000) / at1000) * 100).toFixed(1)}% growth (${((performance.now() - t0) / steps).toFixed(2)} ms per step)`);
}

async function time(): Promise<void> {
  for (let i = 0; i < 50; i++) tidyStep();
  const probe = countCalls();
  for (let i = 0; i < 10; i++) tidyStep();
  probe.restore();
  const per = Object.fromEntries(Object.entries(probe.counts).map(([k, v]) => [k, v / 10]));
  console.log(`per step: ${per.storages} new storages, ${per.kernels} kernels (${per.fused} fused), ${per.uploads} uploads, ${per.reads} reads, ${per.checks} checks, ${per.disposes} storages freed`);
  // alternate the two ways in rounds, so a burst of load on a shared machine hits both alike
  const tidyTimes: number[] = [];
  const plainTimes: number[] = [];
  for (let round = 0; round < 5; round++) {
    tidyTimes.push(timeSteps(tidyStep, Math.ceil(steps / 5)));
    plainTimes.push(timeSteps(() => void step(), Math.ceil(steps / 5)));
  }
  const ours = median(tidyTimes);
  console.log(`@x: median ${ours.toFixed(2)} ms per step inside torch.tidy, ${median(plainTimes).toFixed(2)} ms without (${steps} steps each)`);

  const script = fileURLToPath(new URL('./mlp_step.py', import.meta.url));
  const py = spawnSync('/usr/bin/python3', [script, '1', String(steps)], { encoding: 'utf8' });
  if (py.status === 0) {
    const theirs = Number(py.stdout.trim());
    console.log(`PyTorch (1 thread): median ${theirs.toFixed(2)} ms per step`);
    console.log(`ratio @x (tidy) / PyTorch: ${(ours / theirs).toFixed(2)}x`);
  } else {
    console.log(`PyTorch not run (/usr/bin/python3 with torch is needed): ${(py.stderr || String(py.error)).trim().split('\n').pop()}`);
  }
}

await (mode === 'rss' ? rss() : time());
