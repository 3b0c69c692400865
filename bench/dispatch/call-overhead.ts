// The per-call cost of small ops, where argument handling (not the kernel) is a visible share: tiny
// tensors, many calls. Time is this process's CPU time (process.cpuUsage), so other processes on a
// busy machine disturb it less than wall-clock time; the fastest of `rounds` rounds is reported. Run before and after a change to the op front end (argument binding):
//   pnpm --filter @x/bench calls [rounds]
import '@x/backend-cpu';
import * as torch from '@x/tensor';

const rounds = Number(process.argv[2] ?? 15);
const n = 50_000;
const x = torch.ones(2, 3);
const y = torch.ones(2, 3);

const cases: [string, () => unknown][] = [
  ['x.add(y)', () => x.add(y)],
  ['x.mul(2)', () => x.mul(2)],
  ['x.relu()', () => x.relu()],
  ['x.sum(1)', () => x.sum(1)],
  ['x.sum(1, { keepdim: true })', () => x.sum(1, { keepdim: true })],
  ['x.view(3, 2)', () => x.view(3, 2)],
  ['x.transpose(0, 1)', () => x.transpose(0, 1)],
  ['torch.add(x, y)', () => torch.add(x, y)],
  ['torch.zeros(2, 3)', () => torch.zeros(2, 3)],
  ['x.matmul(y.T)', () => x.matmul(y.T)],
  ['x.max(1)', () => x.max(1)],
];

for (const [name, fn] of cases) {
  for (let i = 0; i < n / 4; i++) fn();
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = process.cpuUsage();
    for (let i = 0; i < n; i++) fn();
    const used = process.cpuUsage(t);
    times.push(((used.user + used.system) * 1e3) / n);
  }
  // the fastest round: the least disturbed by other processes (the median is printed too)
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`${name.padEnd(32)} ${sorted[0]!.toFixed(0).padStart(6)} ns/call (median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)})`);
}
