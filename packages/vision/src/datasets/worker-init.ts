// How @x/data's DataLoader workers rebuild a dataset of this package: the package's worker module
// (worker/datasets.mjs), the class name, its options and the transforms' specs (functions cannot
// be sent to a thread; transforms of this package carry a spec that can).
import { requireNode } from '../io/node-builtin';
import { specOf, type TransformSpec } from '../transforms/spec';

const NO_WORKERS = 'DataLoader workers need Node; use numWorkers: 0';

/** packages/vision/worker/datasets.mjs, from the sources or the built package alike. */
function workerModule(): string {
  const { createRequire } = requireNode<typeof import('node:module')>('node:module', 'workerInit', NO_WORKERS);
  const { dirname, join } = requireNode<typeof import('node:path')>('node:path', 'workerInit', NO_WORKERS);
  return join(dirname(createRequire(import.meta.url).resolve('@x/vision/package.json')), 'worker', 'datasets.mjs');
}

function transformSpec(t: unknown): TransformSpec | null {
  if (t === undefined || t === null) return null;
  const spec = specOf(t);
  if (!spec) throw new TypeError('DataLoader workers cannot receive this transform (a function not made by @x/vision transforms): use numWorkers: 0');
  // Reading the spec checks that every nested transform can be sent too.
  return structuredClone(spec);
}

/** The workerInit of dataset class `kind` built with `options` (structured-cloneable) and these transforms. */
export function datasetWorkerInit(kind: string, options: Record<string, unknown>, transform: unknown, targetTransform: unknown): { module: string; export: string; args: unknown[] } {
  return { module: workerModule(), export: 'dataset', args: [kind, options, transformSpec(transform), transformSpec(targetTransform)] };
}
