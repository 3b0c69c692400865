// Node's worker_threads and url modules for the worker pool, from process.getBuiltinModule rather than
// an import, so that a browser bundle of @x/data never tries to resolve them (strict bundlers fail on
// a static or dynamic import of 'node:worker_threads'). In a browser, numWorkers > 0 is an error that
// says so; numWorkers: 0 loads batches in the page's thread.
type WorkerThreads = typeof import('node:worker_threads');
type Url = typeof import('node:url');

function builtin<T>(id: string): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.(id) as T | undefined;
}

/** Node's worker threads, or a clear error where there are none (browsers, Deno without Node compat). */
export function nodeThreads(): { Worker: WorkerThreads['Worker']; fileURLToPath: Url['fileURLToPath'] } {
  const threads = builtin<WorkerThreads>('node:worker_threads');
  const url = builtin<Url>('node:url');
  if (threads === undefined || url === undefined) {
    throw new Error(
      'DataLoader: numWorkers > 0 needs Node.js worker threads (Node >= 20.19), which this environment does not have; ' +
        'use numWorkers: 0 to load batches in this thread',
    );
  }
  return { Worker: threads.Worker, fileURLToPath: url.fileURLToPath };
}
