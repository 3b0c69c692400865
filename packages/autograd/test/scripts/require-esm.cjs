// CommonJS callers get autograd through require() of the ESM build (Node 20.19+), one module instance
// shared with import(). Runs against the built dist.
'use strict';
const torch = require('@x/tensor');
require('@x/backend-cpu');
require('@x/autograd'); // installs the recorder

const x = torch.tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
x.mul(torch.tensor([2, 2, 2], { dtype: 'float32' })).sum().backward();
if (JSON.stringify(x.grad.tolistSync()) !== '[2,2,2]') throw new Error(`gradient through require(): ${x.grad?.tolistSync()}`);

import('@x/autograd').then(async (esm) => {
  if (esm.grad !== require('@x/autograd').grad) throw new Error("require('@x/autograd') and import('@x/autograd') gave two copies");
  const a = (await import('@x/tensor')).tensor([3], { dtype: 'float32', requiresGrad: true });
  const [g] = esm.grad(a.mul(a).sum(), [a]);
  if (JSON.stringify(g.tolistSync()) !== '[6]') throw new Error(`grad() across require/import: ${g.tolistSync()}`);
  console.log('require-esm ok');
});
