// Loads @x/tensor twice, as CJS (require) and as ESM (import), the dual-package hazard, and checks that
// both copies share one device registry and one default generator. Runs against the built dist.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cjs = require('@x/tensor');
const esm = await import('@x/tensor');
if (cjs.Tensor === esm.Tensor) throw new Error('expected two copies of @x/tensor (CJS and ESM)');

await import('@x/backend-cpu'); // registers 'cpu' through the ESM copy
const fromCjs = cjs.ones(2, 2).add(1); // the CJS copy finds the backend
if (JSON.stringify(fromCjs.tolistSync()) !== '[[2,2],[2,2]]') throw new Error('CJS copy computed wrong values');
if (!esm.isTensor(fromCjs) || !cjs.isTensor(esm.zeros(1))) throw new Error('isTensor must recognise tensors of either copy');

cjs.manualSeed(7);
const a = esm.rand(3).tolistSync();
esm.manualSeed(7);
const b = cjs.rand(3).tolistSync();
if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('the two copies must share the default generator');
console.log('dual-package ok');
