// A set of Node worker threads that load batches of items for the DataLoader (Node only: see node-threads.ts).
import type { Worker, WorkerOptions } from 'node:worker_threads';
import type { WorkerDatasetSpec } from './dataset';
import { decode } from './codec';
import { nodeThreads } from './node-threads';

/** The items of a batch, or `null` when an iterable dataset's stream has ended in that worker. */
type Result = unknown[] | null;

interface Pending {
  resolve: (items: Result) => void;
  reject: (e: Error) => void;
  promise: Promise<Result>;
  worker: number;
}

type WorkerMessage =
  | { type: 'batch'; id: number; items: unknown[] }
  | { type: 'end'; id: number }
  | { type: 'error'; id: number; phase: 'build' | 'sample' | 'iterate'; index: number | null; message: string; name: string; stack: string };

const WHERE = { build: 'while building the dataset', iterate: 'while iterating the dataset' } as const;

// ../worker/worker.mjs from src/*.ts (tests) and from dist/index.js (the built package) alike. Resolved when a
// pool starts, not on import: in a page, import.meta.url may be a base (about:blank, blob:) it cannot resolve against.
const workerUrl = () => new URL('../worker/worker.mjs', import.meta.url);

/**
 * The parent's Node flags without `--conditions source`: a test runner resolving workspace packages to their
 * TypeScript sources must not pass that on, since workers run plain Node and load the built packages.
 * Flags a worker refuses (V8 options such as --max-old-space-size, --expose-gc, --stack-size, and
 * process-wide ones) are left out once Node has named them: V8's flags are process-wide, so the workers
 * get their effect anyway (a worker's heap limit is the parent's).
 */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if ((a === '--conditions' || a === '-C') && argv[i + 1] === 'source') i++;
    else if (a === '--conditions=source' || a === '-C=source') continue;
    else if (refusedFlags.has(a)) {
      if (!a.includes('=') && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-')) i++; // its value
    } else out.push(a);
  }
  return out;
}

/** Flags Node refused for a worker (ERR_WORKER_INVALID_EXEC_ARGV names them), learnt once per process. */
const refusedFlags = new Set<string>();

function startWorker(WorkerClass: typeof Worker, options: WorkerOptions): Worker {
  try {
    return new WorkerClass(workerUrl(), { ...options, execArgv: workerExecArgv() });
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw e;
    // "Initiated Worker with invalid execArgv flags: --max-old-space-size=100, --expose-gc"
    const listed = /flags: (.*)$/.exec((e as Error).message)?.[1]?.split(', ') ?? [];
    const before = refusedFlags.size;
    for (const flag of listed) refusedFlags.add(flag);
    if (refusedFlags.size === before) throw e;
    return startWorker(WorkerClass, options);
  }
}

export class WorkerPool {
  readonly workers: Worker[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private nextWorker = 0;
  private failure: Error | null = null;
  private closed = false;
  private exits: Promise<void>[];

  constructor(spec: WorkerDatasetSpec, numWorkers: number, seed: bigint) {
    const { Worker, fileURLToPath } = nodeThreads();
    const plainSpec = { module: spec.module instanceof URL ? fileURLToPath(spec.module) : spec.module, export: spec.export, args: spec.args ?? [] };
    this.workers = Array.from({ length: numWorkers }, (_, workerId) => startWorker(Worker, { workerData: { spec: plainSpec, workerId, numWorkers, seed: seed.toString() } }));
    this.exits = this.workers.map((w, workerId) => new Promise<void>((resolve) => {
      w.on('message', (m: WorkerMessage) => this.onMessage(workerId, m));
      w.on('error', (e: Error) => this.fail(new Error(`DataLoader worker ${workerId} failed: ${e.message}`, { cause: e })));
      w.on('exit', (code) => {
        if (!this.closed) this.fail(new Error(`DataLoader worker ${workerId} exited unexpectedly with code ${code}`));
        resolve();
      });
    }));
  }

  /** Batches sent and not yet taken. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Sends a batch of indices to the next worker (round robin, as PyTorch); returns its id. */
  send(indices: readonly number[]): number {
    const worker = this.nextWorker;
    this.nextWorker = (this.nextWorker + 1) % this.workers.length;
    return this.post(worker, { type: 'batch', indices: [...indices] });
  }

  /**
   * Asks `worker` for the next batch of its iterable dataset replica's stream (`batchSize` items; a shorter
   * last one unless `dropLast`); returns its id. A new `epoch` makes the worker start a fresh iterator.
   */
  next(worker: number, epoch: number, batchSize: number, dropLast: boolean): number {
    return this.post(worker, { type: 'next', epoch, batchSize, dropLast });
  }

  /** The items of batch `id` once its worker has loaded them, or `null` if the worker's stream had ended. */
  async take(id: number): Promise<Result> {
    const p = this.pending.get(id);
    if (!p) throw new Error(`DataLoader: unknown batch ${id}`);
    try {
      return await p.promise;
    } finally {
      this.pending.delete(id);
    }
  }

  /** Forgets the batches in flight (an epoch ended early with persistent workers): their results are dropped. */
  discard(): void {
    this.pending.clear();
  }

  /**
   * Whether the workers keep the process alive: persistent workers between epochs must not (PyTorch's
   * end with the program), while an epoch waits on them they must.
   */
  hold(on: boolean): void {
    for (const w of this.workers) {
      if (on) w.ref();
      else w.unref();
    }
  }

  /** Terminates every worker and waits until they have all exited. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      await Promise.all(this.workers.map((w) => w.terminate()));
    }
    await Promise.all(this.exits);
  }

  private post(worker: number, message: { type: string; [key: string]: unknown }): number {
    const id = this.nextId++;
    let resolve!: (items: Result) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<Result>((res, rej) => { resolve = res; reject = rej; });
    promise.catch(() => undefined); // observed by take(); avoids an unhandled rejection if never taken
    this.pending.set(id, { resolve, reject, promise, worker });
    if (this.failure) reject(this.failure);
    else this.workers[worker]!.postMessage({ ...message, id });
    return id;
  }

  private onMessage(workerId: number, m: WorkerMessage): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.type === 'batch') p.resolve(m.items.map(decode));
    else if (m.type === 'end') p.resolve(null);
    else {
      const where = m.phase === 'sample' ? `on sample index ${m.index}` : WHERE[m.phase];
      const e = new Error(`Caught ${m.name} in DataLoader worker process ${workerId} ${where}: ${m.message}\nOriginal traceback in the worker:\n${m.stack}`);
      p.reject(e);
    }
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    for (const p of this.pending.values()) p.reject(e);
  }
}
