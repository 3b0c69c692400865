// The worker pool: threads that run the SIMD kernels over the same shared WebAssembly memory, for the
// large kernels (matmul). Node only (worker_threads, with the calling thread blocking in Atomics.wait
// until its helpers finish); elsewhere, including a browser page's main thread, kernels run on the
// calling thread alone. torch.setNumThreads(n) / torch.getNumThreads() choose how many threads take
// part (the caller counts as one); helpers start on first use and never keep the process alive.
//
// Each helper owns a slot of a shared Int32Array: [job sequence, kernel, int args..., done sequence].
// The caller writes the args, bumps the sequence and notifies; the helper runs the kernel and stores
// the sequence into `done`.
import { getNumThreads } from '@x/tensor';
import { cpuHeap } from './heap';
import { kernelModule, simdKernels, type SimdKernels } from './wasm/module';

const SLOT = 32;
const SEQ = 0;
const KERNEL = 1;
const ARGS = 2;
const READY = 30;
const DONE = 31;
const MAX_HELPERS = 63;

/** Kernels a helper can run, by number. */
export const KERNEL_SGEMM = 1;
export const KERNEL_WINOGRAD = 2;
export const KERNEL_WINOGRAD_WGRAD = 3;

// The helper's code: CommonJS, evaluated by worker_threads (no file to locate in a bundle).
const HELPER = `
const { workerData } = require('node:worker_threads');
const { module, memory, ctl, slot } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
const base = slot * ${SLOT};
Atomics.store(ctl, base + ${READY}, 1);
let seen = 0;
for (;;) {
  Atomics.wait(ctl, base + ${SEQ}, seen);
  seen = Atomics.load(ctl, base + ${SEQ});
  if (seen < 0) break;
  const a = (i) => ctl[base + ${ARGS} + i];
  if (ctl[base + ${KERNEL}] === ${KERNEL_SGEMM}) {
    k.sgemm(a(0), a(1), a(2), a(3), a(4), a(5), a(6), a(7), a(8), a(9), a(10), a(11), a(12), a(13), a(14));
  } else if (ctl[base + ${KERNEL}] === ${KERNEL_WINOGRAD}) {
    k.winograd_f32(a(0), a(1), a(2), a(3), a(4), a(5), a(6), a(7), a(8), a(9), a(10), a(11), a(12), a(13), a(14), a(15), a(16), a(17), a(18), a(19));
  } else if (ctl[base + ${KERNEL}] === ${KERNEL_WINOGRAD_WGRAD}) {
    k.winograd_wgrad_f32(a(0), a(1), a(2), a(3), a(4), a(5), a(6), a(7), a(8), a(9), a(10), a(11), a(12), a(13), a(14), a(15), a(16), a(17), a(18), a(19), a(20));
  }
  Atomics.store(ctl, base + ${DONE}, seen);
  Atomics.notify(ctl, base + ${DONE});
}
`;

interface WorkerLike {
  unref(): void;
  on(event: 'error', fn: (e: unknown) => void): void;
}
type WorkerCtor = new (code: string, options: { eval: true; workerData: unknown }) => WorkerLike;

function workerCtor(): WorkerCtor | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown; versions?: { node?: string } } }).process;
  if (!proc?.versions?.node) return null;
  const wt = proc.getBuiltinModule?.('node:worker_threads') as { Worker?: WorkerCtor; isMainThread?: boolean } | undefined;
  return wt?.Worker ?? null;
}

class Pool {
  private readonly ctl = new Int32Array(new SharedArrayBuffer(4 * SLOT * MAX_HELPERS));
  private readonly seq: number[] = [];
  private started = 0;
  private failed = false;
  /** A packing workspace per thread (the caller's is index 0). */
  private readonly workspaces: number[] = [];

  constructor(
    private readonly Worker: WorkerCtor,
    private readonly module: object,
    private readonly kernels: SimdKernels,
  ) {}

  /** Helpers ready to take work now (starting more in the background up to `want`). */
  ready(want: number): number {
    want = Math.min(want, MAX_HELPERS);
    while (!this.failed && this.started < want) {
      const slot = this.started;
      try {
        const w = new this.Worker(HELPER, { eval: true, workerData: { module: this.module, memory: this.kernels.memory, ctl: this.ctl, slot } });
        w.on('error', () => {
          this.failed = true;
        });
        w.unref();
      } catch {
        this.failed = true;
        break;
      }
      this.seq.push(0);
      this.started++;
    }
    let n = 0;
    while (n < Math.min(want, this.started) && Atomics.load(this.ctl, n * SLOT + READY) === 1) n++;
    return this.failed ? 0 : n;
  }

  /** Whether threads 0 .. n - 1 have their workspaces (false while the heap is full). */
  workspacesFor(n: number): boolean {
    while (this.workspaces.length < n) {
      const ptr = cpuHeap()!.alloc(this.kernels.sgemm_workspace());
      if (ptr < 0) return false;
      this.workspaces.push(ptr);
    }
    return true;
  }

  workspace(thread: number): number {
    return this.workspaces[thread]!;
  }

  post(helper: number, kernel: number, args: readonly number[]): void {
    const base = helper * SLOT;
    for (let i = 0; i < args.length; i++) this.ctl[base + ARGS + i] = args[i]!;
    this.ctl[base + KERNEL] = kernel;
    const s = ++this.seq[helper]!;
    Atomics.store(this.ctl, base + SEQ, s);
    Atomics.notify(this.ctl, base + SEQ);
  }

  wait(helper: number): void {
    const at = helper * SLOT + DONE;
    const s = this.seq[helper]!;
    for (let v = Atomics.load(this.ctl, at); v !== s; v = Atomics.load(this.ctl, at)) Atomics.wait(this.ctl, at, v);
  }
}

let pool: Pool | null | undefined;

function getPool(): Pool | null {
  if (pool !== undefined) return pool;
  const W = workerCtor();
  const mod = kernelModule();
  const k = simdKernels();
  pool = W && mod && k ? new Pool(W, mod, k) : null;
  return pool;
}

/** How many threads (the caller included) may run a kernel now: 1 without a pool or helpers. */
export function threadsAvailable(): number {
  const want = getNumThreads();
  if (want <= 1) return 1;
  const p = getPool();
  return p === null ? 1 : 1 + p.ready(want - 1);
}

/** Whether `n` threads have packing workspaces (allocating them on first use). */
export function threadWorkspaces(n: number): boolean {
  const p = getPool();
  return n <= 1 || (p !== null && p.workspacesFor(n));
}

/** A packing workspace for thread `t` (0: the caller), once threadWorkspaces said yes. */
export function threadWorkspace(t: number): number {
  const p = getPool();
  if (p === null) throw new Error('cpu backend: no thread pool');
  return p.workspace(t);
}

/** How many kernels ran split over threads (for tests and benches). */
export const parallelStats = { runs: 0 };

/** Runs `parts[t]` (kernel and int args) on helper t - 1 for t >= 1 and `own` on the caller, then waits for all. */
export function runParallel(kernel: number, parts: readonly (readonly number[])[], own: () => void): void {
  const p = getPool()!;
  parallelStats.runs++;
  for (let t = 1; t < parts.length; t++) p.post(t - 1, kernel, parts[t]!);
  try {
    own();
  } finally {
    for (let t = 1; t < parts.length; t++) p.wait(t - 1);
  }
}
