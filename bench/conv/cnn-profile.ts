// Where the CNN step's time goes, per backend kernel: every method of the CPU backend (and its fused
// kernels) is wrapped with a timer, the step of cnn-step.ts runs inside tidy, and the kernels' time
// per step is printed, forward and backward apart, with the step's total and the front end's share.
//   pnpm --filter @x/bench conv-profile [steps] [threads]
import '@x/backend-cpu';
import '@x/autograd';
import * as torch from '@x/tensor';
import { cnnParams } from './cnn-params';

const steps = Number(process.argv[2] ?? 20);
torch.setNumThreads(Number(process.argv[3] ?? 1));
const { x, w1, b1, w2, b2 } = cnnParams();

let phase = 'forward';
const times = new Map<string, number[]>();
let current: Map<string, number> = new Map();
const backend = torch.getBackend('cpu') as unknown as Record<string, unknown>;
function wrap(obj: Record<string, unknown>, prefix: string): void {
  for (const key of Object.keys(obj)) {
    const f = obj[key];
    if (typeof f !== 'function' || key === 'dataOf') continue;
    obj[key] = function (this: unknown, ...args: unknown[]) {
      const t = performance.now();
      const r = (f as (...a: unknown[]) => unknown).apply(this, args);
      const a0 = args[0] as { shape?: readonly number[] } | undefined;
      const shape = key.startsWith('conv') || key.startsWith('maxPool') ? ` [${a0?.shape?.join(', ')}]` : '';
      const name = `${phase} ${prefix}${key}${shape}`;
      current.set(name, (current.get(name) ?? 0) + performance.now() - t);
      return r;
    };
  }
}
wrap(backend, '');
if (backend.fused) wrap(backend.fused as Record<string, unknown>, 'fused.');

function step(): number {
  const t = performance.now();
  torch.tidy(() => {
    phase = 'forward';
    let h = torch.maxPool2d(torch.conv2d(x, w1, b1, { padding: 1 }).relu(), 2);
    h = torch.maxPool2d(torch.conv2d(h, w2, b2, { padding: 1 }).relu(), 2);
    const loss = h.sum();
    phase = 'backward';
    loss.backward();
    (w2.grad!.dataSync() as Float32Array).slice();
    for (const p of [w1, b1, w2, b2]) p.grad!.zero_();
  });
  return performance.now() - t;
}

// warm-up; the pauses let worker threads start (they come up in the background on first use)
for (let i = 0; i < 3; i++) {
  step();
  await new Promise((r) => setTimeout(r, 50));
}
const totals: number[] = [];
for (let i = 0; i < steps; i++) {
  current = new Map();
  totals.push(step());
  for (const [k, v] of current) (times.get(k) ?? times.set(k, []).get(k)!).push(v);
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
console.log(`step: median ${median(totals).toFixed(2)} ms, best ${Math.min(...totals).toFixed(2)} ms (${steps} steps, ${torch.getNumThreads()} thread(s))`);
let sum = 0;
for (const [k, v] of [...times].sort((a, b) => median(b[1]) - median(a[1]))) {
  sum += median(v);
  console.log(`  ${k.padEnd(40)} median ${median(v).toFixed(2)} ms, best ${Math.min(...v).toFixed(2)} ms`);
}
console.log(`  kernels' medians summed: ${sum.toFixed(2)} ms; the rest (front end, autograd, allocation): ${(median(totals) - sum).toFixed(2)} ms`);
