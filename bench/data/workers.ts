// DataLoader with 0 and 2 worker threads over a transform-heavy dataset, in one run: prints the
// speed-up (time with 0 workers / time with 2). Needs the built packages (`pnpm build`), since
// workers load them as plain Node modules. Run: pnpm --filter @x/bench workers
import { fileURLToPath } from 'node:url';
import { availableParallelism, loadavg } from 'node:os';
import { DataLoader } from '@x/data';
import * as torch from '@x/tensor';
import { HeavyDataset } from './heavy-dataset.mjs';

const size = Number(process.argv[2] ?? 256);
const module = fileURLToPath(new URL('./heavy-dataset.mjs', import.meta.url));
const dataset = Object.assign(new HeavyDataset(size), { workerInit: { module, export: 'HeavyDataset', args: [size] } });

// Persistent workers, timed after a first warm-up epoch: worker start-up (loading the packages in
// each thread) is paid once per training run, not per epoch.
const loaders = {
  0: new DataLoader(dataset, { batchSize: 32, shuffle: true, numWorkers: 0 }),
  2: new DataLoader(dataset, { batchSize: 32, shuffle: true, numWorkers: 2, persistentWorkers: true }),
};

async function epoch(numWorkers: 0 | 2): Promise<number> {
  const start = performance.now();
  let n = 0;
  for await (const [x] of loaders[numWorkers] as AsyncIterable<[torch.Tensor, torch.Tensor]>) n += x.shape[0]!;
  if (n !== size) throw new Error(`expected ${size} items, got ${n}`);
  return performance.now() - start;
}

torch.manualSeed(0);
await epoch(0);
await epoch(2);
const runs: Record<number, number[]> = { 0: [], 2: [] };
for (let r = 0; r < 3; r++) for (const w of [0, 2] as const) runs[w]!.push(await epoch(w));
await loaders[2].close();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)}; ${size} items, batch 32, 3 epochs each after a warm-up, interleaved`);
console.log(`speed-up with 2 workers = time(0 workers) / time(2 workers) = ${(median(runs[0]!) / median(runs[2]!)).toFixed(2)}x`);
console.log(`(medians: 0 workers ${median(runs[0]!).toFixed(0)} ms, 2 workers ${median(runs[2]!).toFixed(0)} ms)`);
