// The cost of argument binding alone: each Tensor method / torch function against a direct call of
// the op it binds to (the same work minus the binding), in one process, CPU time, fastest of N rounds.
//   pnpm --filter @x/bench binding [rounds]
import '@x/backend-cpu';
import * as torch from '@x/tensor';
import * as red from '../../packages/tensor/src/ops/reduce';
import * as ew from '../../packages/tensor/src/ops/elementwise';
import * as vw from '../../packages/tensor/src/ops/views';

const rounds = Number(process.argv[2] ?? 15);
const n = 50_000;
const x = torch.ones(2, 3);
const y = torch.ones(2, 3);

const pairs: [string, () => unknown, () => unknown][] = [
  ['x.add(y)', () => x.add(y), () => ew.add(x, y, 1)],
  ['x.relu()', () => x.relu(), () => ew.unary('relu', x)],
  ['x.sum(1)', () => x.sum(1), () => red.sum(x, 1, false)],
  ['x.sum(1, { keepdim: true })', () => x.sum(1, { keepdim: true }), () => red.sum(x, 1, true)],
  ['x.sum({ dim: 1, keepdim: true })', () => x.sum({ dim: 1, keepdim: true }), () => red.sum(x, 1, true)],
  ['x.view(3, 2)', () => x.view(3, 2), () => vw.view(x, [3, 2])],
  ['x.transpose(0, 1)', () => x.transpose(0, 1), () => vw.transpose(x, 0, 1)],
  ['torch.add(x, y)', () => torch.add(x, y), () => ew.add(x, y, 1)],
  ['x.max(1)', () => x.max(1), () => red.maxMinDim('max', x, 1, false)],
];

function cpuTime(fn: () => unknown): number {
  for (let i = 0; i < n / 4; i++) fn();
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t = process.cpuUsage();
    for (let i = 0; i < n; i++) fn();
    const used = process.cpuUsage(t);
    best = Math.min(best, ((used.user + used.system) * 1e3) / n);
  }
  return best;
}

console.log(`${'call'.padEnd(36)} ${'bound'.padStart(8)} ${'direct'.padStart(8)} ${'binding'.padStart(8)}`);
for (const [name, bound, direct] of pairs) {
  const b = cpuTime(bound);
  const d = cpuTime(direct);
  console.log(`${name.padEnd(36)} ${b.toFixed(0).padStart(6)}ns ${d.toFixed(0).padStart(6)}ns ${(b - d).toFixed(0).padStart(6)}ns`);
}
