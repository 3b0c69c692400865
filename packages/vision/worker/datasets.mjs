// Rebuilds a torchvision-style dataset inside a DataLoader worker thread (plain JS, no TS loader).
// The main thread's dataset gives { module: this file, export: 'dataset', args } as its workerInit.
import '@x/backend-cpu';
import { datasets, transforms } from '@x/vision';

const revive = (spec) => (spec ? transforms.fromSpec(spec, transforms) : undefined);

export function dataset(kind, options, transformSpec, targetTransformSpec) {
  const Dataset = datasets[kind];
  if (typeof Dataset !== 'function') throw new Error(`@x/vision worker: unknown dataset class '${kind}'`);
  return new Dataset({ ...options, transform: revive(transformSpec), targetTransform: revive(targetTransformSpec), download: false });
}
