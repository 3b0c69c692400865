// The worker pool: threads that run the SIMD kernels over the same shared WebAssembly memory, for the
// large kernels (matrix products, convolutions, optimizer updates, large element-wise, row-wise and
// pooling kernels). Node only (worker_threads, with the calling thread blocking in Atomics.wait
// until its helpers finish); elsewhere, including a browser page's main thread, kernels run on the
// calling thread alone. torch.setNumThreads(n) / torch.getNumThreads() choose how many threads take
// part (the caller counts as one); helpers start on first use and never keep the process alive.
//
// Each helper owns a slot of a shared Int32Array, [job sequence, kernel, arg count, ready, claim, done]
// on two cache lines, and a row of a shared Float64Array for the kernel's arguments (byte addresses
// and counts are exact in a double; float arguments round to float32 at the call, as on the caller).
// The caller writes the args and the claim, bumps the sequence and notifies; the helper claims the
// job (compare-exchange of the claim), runs the kernel and stores the sequence into `done`. Both
// sides spin a while before sleeping (see SPIN_MS). A job no helper has claimed by the time the
// caller has run its own part, the caller claims and runs itself: a helper the scheduler has not run
// (a loaded machine, fewer free cores than threads) costs that part's time, not a time slice.
import { getNumThreads } from '@x/tensor';
import { cpuHeap } from './heap';
import { kernelModule, simdKernels, type SimdKernels } from './wasm/module';

const SLOT = 32;
const SEQ = 0;
const KERNEL = 1;
const NARGS = 2;
const READY = 3;
/** The job's sequence while unclaimed; minus it once a helper runs it; 0 once the caller took it back. */
const CLAIM = 4;
// A chunked job (runChunked): units, units per chunk, the argument that takes a chunk's unit count,
// and how many arguments advance with the chunk's first unit (their indices from STEP0, their bytes
// per unit after the arguments in the helper's row).
const UNITS = 5;
const CHUNK = 6;
const COUNT_ARG = 7;
const NSTEPS = 8;
const STEP0 = 9;
const DONE = 16;
/** Set by a helper whose kernel threw (a WebAssembly trap) before it stores DONE: the caller rethrows. */
const FAILED = 17;
const MAX_STEPS = DONE - STEP0;
const MAX_ARGS = 32;
const MAX_HELPERS = 63;
/**
 * How long a helper spins for its next job before it sleeps in Atomics.wait: a training loop posts
 * its next product within a few hundred microseconds, and waking a sleeping thread costs tens of
 * microseconds (the MNIST MLP step on 2 threads: 1.00 -> 0.68 ms). OpenMP's threads spin likewise.
 */
const SPIN_MS = 1;
/** Loads of `done` the caller spins through before it sleeps (about 100 us). */
const CALLER_SPINS = 1 << 16;

/** The kernels a helper can run: exports of the kernel module, by number in the control slot. */
const THREAD_KERNELS = [
  'sgemm', 'winograd_f32', 'winograd_wgrad_f32', 'adam_f32', 'sgd_f32', 'conv_im2col_f32', 'conv_im2col_dgrad_f32', 'conv_im2col_wgrad_f32',
  // split by split-threads.ts: element ranges, rows, samples
  'binary_f32', 'compare_f32', 'unary_f32', 'softmax_f32', 'softmax_backward_f32', 'maxpool2d_f32', 'maxpool2d_backward_f32',
  'reduce_rows_f32', 'reduce_cols_f32', 'argreduce_rows_f32', 'argreduce_cols_f32',
] as const;
export type ThreadKernel = (typeof THREAD_KERNELS)[number];

// The helper's code: CommonJS, evaluated by worker_threads (no file to locate in a bundle).
const HELPER = `
const { workerData } = require('node:worker_threads');
const { module, memory, ctl, args, next, slot } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
const kernels = ${JSON.stringify(THREAD_KERNELS)}.map((name) => k[name]);
const base = slot * ${SLOT};
const argBase = slot * ${MAX_ARGS};
Atomics.store(ctl, base + ${READY}, 1);
let seen = 0;
for (;;) {
  for (let until = performance.now() + ${SPIN_MS}; Atomics.load(ctl, base + ${SEQ}) === seen && performance.now() < until; ) {
    for (let i = 0; i < 256 && Atomics.load(ctl, base + ${SEQ}) === seen; i++);
  }
  Atomics.wait(ctl, base + ${SEQ}, seen);
  seen = Atomics.load(ctl, base + ${SEQ});
  if (seen < 0) break;
  if (Atomics.compareExchange(ctl, base + ${CLAIM}, seen, -seen) === seen) {
    // a kernel that throws must still mark its job done, or the caller waits forever
    try {
      const n = ctl[base + ${NARGS}];
      const a0 = Array.from(args.subarray(argBase, argBase + n));
      const fn = kernels[ctl[base + ${KERNEL}]];
      const units = ctl[base + ${UNITS}];
      if (units === 0) fn.apply(null, a0);
      else {
        // chunks taken from the shared counter until none is left (the caller's loop in runChunked)
        const chunk = ctl[base + ${CHUNK}], countArg = ctl[base + ${COUNT_ARG}], nsteps = ctl[base + ${NSTEPS}];
        for (let s = Atomics.add(next, 0, chunk); s < units; s = Atomics.add(next, 0, chunk)) {
          const a = a0.slice();
          a[countArg] = Math.min(chunk, units - s);
          for (let i = 0; i < nsteps; i++) a[ctl[base + ${STEP0} + i]] += s * args[argBase + n + i];
          fn.apply(null, a);
        }
      }
    } catch {
      Atomics.store(ctl, base + ${FAILED}, 1);
      if (ctl[base + ${UNITS}] !== 0) Atomics.store(next, 0, ctl[base + ${UNITS}]); // no more chunks for anyone
    }
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
  private readonly args = new Float64Array(new SharedArrayBuffer(8 * MAX_ARGS * MAX_HELPERS));
  /** A chunked job's next unit, taken by the caller and the helpers alike (its own cache line). */
  readonly next = new Int32Array(new SharedArrayBuffer(64));
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
        const w = new this.Worker(HELPER, { eval: true, workerData: { module: this.module, memory: this.kernels.memory, ctl: this.ctl, args: this.args, next: this.next, slot } });
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

  post(helper: number, kernel: ThreadKernel, args: readonly number[], chunks: Chunks | null = null): void {
    const base = helper * SLOT;
    const steps = chunks?.steps ?? [];
    if (args.length + steps.length > MAX_ARGS || steps.length > MAX_STEPS) {
      throw new Error(`cpu backend: ${kernel} takes ${args.length} arguments and ${steps.length} steps, the pool passes at most ${MAX_ARGS} and ${MAX_STEPS}`);
    }
    this.args.set(args, helper * MAX_ARGS);
    this.ctl[base + NARGS] = args.length;
    this.ctl[base + UNITS] = chunks === null ? 0 : chunks.units;
    if (chunks !== null) {
      this.ctl[base + CHUNK] = chunks.chunk;
      this.ctl[base + COUNT_ARG] = chunks.countArg;
      this.ctl[base + NSTEPS] = steps.length;
      steps.forEach(([arg, bytes], i) => {
        this.ctl[base + STEP0 + i] = arg;
        this.args[helper * MAX_ARGS + args.length + i] = bytes;
      });
    }
    this.ctl[base + KERNEL] = THREAD_KERNELS.indexOf(kernel);
    const s = ++this.seq[helper]!;
    Atomics.store(this.ctl, base + CLAIM, s);
    if (helpersPaused) return; // (tests) never handed over: the caller takes it back
    Atomics.store(this.ctl, base + SEQ, s);
    Atomics.notify(this.ctl, base + SEQ);
  }

  /** Whether the caller took back the helper's last job, which it has not started (the caller then runs it). */
  takeBack(helper: number): boolean {
    const s = this.seq[helper]!;
    return Atomics.compareExchange(this.ctl, helper * SLOT + CLAIM, s, 0) === s;
  }

  /** Waits for the helper's job to end; false when its kernel threw (the flag is cleared). */
  wait(helper: number): boolean {
    const at = helper * SLOT + DONE;
    const s = this.seq[helper]!;
    for (let i = 0; i < CALLER_SPINS && Atomics.load(this.ctl, at) !== s; i++);
    for (let v = Atomics.load(this.ctl, at); v !== s; v = Atomics.load(this.ctl, at)) Atomics.wait(this.ctl, at, v);
    return Atomics.exchange(this.ctl, helper * SLOT + FAILED, 0) === 0;
  }
}

let pool: Pool | null | undefined;
let helpersPaused = false;

/** For tests: jobs are posted but never handed to the helpers, so the caller runs every part itself. */
export function setHelpersPaused(on: boolean): void {
  helpersPaused = on;
}

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
export const parallelStats = { runs: 0, /** parts the caller ran itself, no helper having started them */ takenBack: 0 };

/**
 * Runs `kernel` with the arguments `parts[t]` on helper t - 1 for t >= 1 and with `parts[0]` on the
 * caller, then runs on the caller the parts no helper has started, and waits for the others.
 */
export function runParallel(kernel: ThreadKernel, parts: readonly (readonly number[])[]): void {
  const p = getPool()!;
  const fn = simdKernels()![kernel] as (...a: readonly number[]) => void;
  parallelStats.runs++;
  for (let t = 1; t < parts.length; t++) p.post(t - 1, kernel, parts[t]!);
  const errors: unknown[] = [];
  const run = (args: readonly number[]) => {
    try {
      fn(...args);
    } catch (e) {
      errors.push(e);
    }
  };
  run(parts[0]!);
  finish(p, kernel, parts.length - 1, (h) => run(parts[h + 1]!), errors);
  if (errors.length > 0) throw errors[0];
}

/** A kernel's work as units taken in chunks: see runChunked. */
export interface Chunks {
  /** Units of work (rows, elements, samples) and units per chunk. */
  units: number;
  chunk: number;
  /** The argument that takes a chunk's unit count. */
  countArg: number;
  /** [argument, bytes per unit]: the arguments (pointers) that advance with the chunk's first unit. */
  steps: readonly (readonly [number, number])[];
}

/**
 * Runs `kernel` over `c.units` units in chunks that the caller and `threads - 1` helpers take from a
 * shared counter until none is left: chunk [s, s + k) runs with `args`, its count argument set to k
 * and each step argument advanced by s times its bytes per unit. A helper the scheduler runs late or
 * slowly holds up at most its chunk in flight, not a fixed share. Each chunk runs the kernel as on
 * one thread, so the result has one thread's bits when the kernel's units are independent.
 */
export function runChunked(kernel: ThreadKernel, threads: number, args: readonly number[], c: Chunks): void {
  const p = getPool()!;
  const fn = simdKernels()![kernel] as (...a: readonly number[]) => void;
  parallelStats.runs++;
  Atomics.store(p.next, 0, 0);
  for (let h = 0; h < threads - 1; h++) p.post(h, kernel, args, c);
  const errors: unknown[] = [];
  try {
    // the helpers' loop (HELPER)
    for (let s = Atomics.add(p.next, 0, c.chunk); s < c.units; s = Atomics.add(p.next, 0, c.chunk)) {
      const a = args.slice();
      a[c.countArg] = Math.min(c.chunk, c.units - s);
      for (const [arg, bytes] of c.steps) a[arg]! += s * bytes;
      fn(...a);
    }
  } catch (e) {
    errors.push(e);
    Atomics.store(p.next, 0, c.units); // no more chunks for anyone
  }
  finish(p, kernel, threads - 1, () => undefined, errors);
  if (errors.length > 0) throw errors[0];
}

/**
 * Takes back each of the first `helpers` helpers' jobs that it has not started (`took(h)` runs it on
 * the caller), then waits for the others; a helper whose kernel threw adds an error to `errors`.
 */
function finish(p: Pool, kernel: ThreadKernel, helpers: number, took: (h: number) => void, errors: unknown[]): void {
  const started: number[] = [];
  for (let h = 0; h < helpers; h++) {
    if (p.takeBack(h)) {
      parallelStats.takenBack++;
      took(h);
    } else started.push(h);
  }
  for (const h of started) {
    if (!p.wait(h)) errors.push(new Error(`cpu backend: the kernel ${kernel} failed on worker thread ${h + 1} (a WebAssembly trap: an address outside the heap?); this is a bug in @x/backend-cpu, please report it`));
  }
}
