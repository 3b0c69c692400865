// Issue 9: DataLoader workers under common Node flags, persistent workers that do not hold the process
// open, the sample index of a DataCloneError, and PyTorch's timeout option.
import '@x/backend-cpu';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DataLoader, Dataset, IterableDataset } from '../src';

const HOSTILE = new URL('./fixtures/hostile.mjs', import.meta.url);
const SQUARES = new URL('./fixtures/squares.mjs', import.meta.url);
/** The built packages: a child process runs plain Node, as users do. */
const DIST = new URL('../dist/index.js', import.meta.url);
const CPU = new URL('../node_modules/@x/backend-cpu/dist/index.js', import.meta.url);

class Remote<T> extends Dataset<T> {
  constructor(readonly n: number, exportName: string, args: unknown[], module = HOSTILE) {
    super();
    this.workerInit = { module, export: exportName, args };
  }
  get length() { return this.n; }
  getItem(): never { throw new Error('loaded in the workers only'); }
}

/** Runs `code` (an ES module) in a fresh Node with `flags`; returns its stdout. */
function runNode(code: string, flags: string[], timeoutMs = 20_000): string {
  const file = join(mkdtempSync(join(tmpdir(), 'xdata-')), 'main.mjs');
  writeFileSync(file, code);
  return execFileSync(process.execPath, [...flags, file], { encoding: 'utf8', timeout: timeoutMs });
}

describe('DataLoader workers under Node flags a worker refuses', () => {
  it('--max-old-space-size, --expose-gc and --stack-size: workers start, with the parent heap limit', () => {
    const out = runNode(`
      import { getHeapStatistics } from 'node:v8';
      import { DataLoader } from '${fileURLToPath(DIST)}';
      const ds = { length: 2, getItem() { throw new Error('main'); }, workerInit: { module: '${fileURLToPath(HOSTILE)}', export: 'Probe', args: [] } };
      const seen = [];
      for await (const b of new DataLoader(ds, { batchSize: 1, numWorkers: 2, collateFn: (x) => x })) seen.push(b[0]);
      console.log(JSON.stringify({ main: getHeapStatistics().heap_size_limit, seen }));
    `, ['--max-old-space-size=300', '--expose-gc', '--stack-size=900']);
    const { main, seen } = JSON.parse(out) as { main: number; seen: { heapLimit: number; gc: string }[] };
    expect(seen).toHaveLength(2);
    for (const s of seen) expect(s).toEqual({ heapLimit: main, gc: 'function' });
    expect(main).toBeLessThan(400 * 2 ** 20);
  });
});

describe('persistent workers', () => {
  it('a program that never calls close() still exits', () => {
    const t0 = performance.now();
    const out = runNode(`
      import '${fileURLToPath(CPU)}';
      import { DataLoader } from '${fileURLToPath(DIST)}';
      const ds = { length: 4, getItem() { throw new Error('main'); }, workerInit: { module: '${fileURLToPath(SQUARES)}', export: 'SquaresDataset', args: [4] } };
      const loader = new DataLoader(ds, { batchSize: 2, numWorkers: 2, persistentWorkers: true, collateFn: (x) => x.map((i) => i.y) });
      for (let e = 0; e < 2; e++) { const ys = []; for await (const b of loader) ys.push(...b); console.log(ys.join(',')); }
      for await (const b of loader) break;
      console.log('active', loader.activeWorkers);
    `, [], 15_000);
    expect(out.trim().split('\n')).toEqual(['0,1,2,3', '0,1,2,3', 'active 2']);
    expect(performance.now() - t0).toBeLessThan(15_000);
  });
});

describe('DataCloneError names the sample that cannot be cloned', () => {
  it('the culprit, not the batch\'s last index', async () => {
    const loader = new DataLoader(new Remote(8, 'Unclonable', [8, 5]), { batchSize: 4, numWorkers: 2, collateFn: (x) => x });
    await expect((async () => { for await (const _ of loader) void _; })()).rejects.toThrow(
      /^Caught DataCloneError in DataLoader worker process 1 on sample index 5: .*could not be cloned\. \(items come back from worker threads by structured clone: return tensors, numbers, strings, booleans, arrays and plain objects/,
    );
  });
});

describe('timeout (PyTorch\'s option, in seconds)', () => {
  it('a getItem that never resolves fails the loop after the timeout, in worker threads', async () => {
    const loader = new DataLoader(new Remote(6, 'Hangs', [6, 1]), { batchSize: 2, numWorkers: 2, timeout: 2, collateFn: (x) => x });
    const seen: unknown[] = [];
    const t0 = performance.now();
    await expect((async () => { for await (const b of loader) seen.push(...(b as number[])); })()).rejects.toThrow(
      /^DataLoader timed out after 2 seconds waiting for batch 0 from the worker threads: a getItem \(or iterator\) that never resolves, or a stuck worker; fix the dataset or raise the timeout option$/,
    );
    expect(performance.now() - t0).toBeLessThan(15000);
    expect(seen).toEqual([]);
    expect(loader.activeWorkers).toBe(0);
  });

  it('and in this thread (numWorkers: 0), for map-style and iterable datasets', async () => {
    class Hang extends Dataset<number> {
      get length() { return 4; }
      getItem(i: number): Promise<number> { return i === 2 ? new Promise(() => {}) : Promise.resolve(i); }
    }
    const loader = new DataLoader(new Hang(), { batchSize: 2, timeout: 0.2 });
    await expect((async () => { for await (const _ of loader) void _; })()).rejects.toThrow(/^DataLoader timed out after 0\.2 seconds waiting for batch 1 \(getItem\(2\)\)/);
    class Stream extends IterableDataset<number> {
      async *[Symbol.asyncIterator]() { yield 1; await new Promise(() => {}); }
    }
    const streamed = new DataLoader(new Stream(), { batchSize: 1, timeout: 0.2 });
    await expect((async () => { for await (const _ of streamed) void _; })()).rejects.toThrow(/timed out after 0\.2 seconds waiting for item 1 of the iterable dataset/);
  });

  it('is checked as PyTorch checks it; 0 waits forever', async () => {
    expect(() => new DataLoader(new Remote(2, 'Hangs', [2, -1]), { timeout: -1 })).toThrow(/^DataLoader: timeout option should be non-negative \(seconds; 0 waits forever\), got -1$/);
    class Slow extends Dataset<number> {
      get length() { return 1; }
      getItem(): Promise<number> { return new Promise((r) => setTimeout(() => r(7), 300)); }
    }
    const out: unknown[] = [];
    for await (const b of new DataLoader(new Slow(), { timeout: 0 })) out.push(b);
    expect(out).toHaveLength(1);
  });
});
