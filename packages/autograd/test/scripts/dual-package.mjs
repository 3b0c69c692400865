// Autograd across an ESM and a CJS copy of @x/tensor and of @x/autograd in one process (built dist).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const esm = await import('@x/tensor');
await import('@x/backend-cpu');
await import('@x/autograd'); // the ESM copy installs the recorder
const cjs = require('@x/tensor');

const x = cjs.tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true }); // a CJS-copy tensor
const y = esm.tensor([2, 2, 2], { dtype: 'float32' });
x.mul(y).sum().backward();
if (JSON.stringify(x.grad.tolistSync()) !== '[2,2,2]') throw new Error(`ESM autograd on a CJS tensor: ${x.grad?.tolistSync()}`);

// A graph started under the ESM copy and finished after the CJS copy installs its own recorder.
const a = esm.tensor([3], { dtype: 'float32', requiresGrad: true });
const b = a.mul(a);
require('@x/autograd');
b.mul(2).sum().backward();
if (JSON.stringify(a.grad.tolistSync()) !== '[12]') throw new Error(`graph across autograd copies: ${a.grad?.tolistSync()}`);
console.log('dual-package ok');
