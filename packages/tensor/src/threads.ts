// torch.setNumThreads / torch.getNumThreads: how many threads a device's kernels may use (PyTorch's
// intra-op parallelism). Default: the machine's logical cores in Node, 1 elsewhere (a browser page's
// main thread must not block on other threads). Kept on globalThis, so ESM and CJS copies agree.
const KEY = Symbol.for('@x/tensor.threads');

interface ThreadState {
  n: number | null;
}

function state(): ThreadState {
  const g = globalThis as unknown as Record<symbol, ThreadState | undefined>;
  return (g[KEY] ??= { n: null });
}

function defaultThreads(): number {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const os = proc?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
  return Math.max(1, os?.availableParallelism?.() ?? 1);
}

/** Sets the number of threads CPU kernels may use (at least 1), as torch.set_num_threads. */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`setNumThreads: expected a positive integer number of threads, got ${String(n)}`);
  }
  state().n = n;
}

/** The number of threads CPU kernels may use, as torch.get_num_threads. */
export function getNumThreads(): number {
  const s = state();
  return (s.n ??= defaultThreads());
}
