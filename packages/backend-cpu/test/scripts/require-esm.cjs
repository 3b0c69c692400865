// The packages are ESM only; CommonJS code loads them with require(), which Node 20.19+ supports for
// ES modules without top-level await. require() and import() must give the one same module (no
// second copy, no dual-package hazard). Runs against the built dist, as users get it.
'use strict';
const torch = require('@x/tensor');
require('@x/backend-cpu'); // registers 'cpu'

const y = torch.ones(2, 2).add(1);
if (JSON.stringify(y.tolistSync()) !== '[[2,2],[2,2]]') throw new Error(`require('@x/tensor') computed ${JSON.stringify(y.tolistSync())}`);

import('@x/tensor').then((esm) => {
  if (esm.Tensor !== torch.Tensor) throw new Error("require('@x/tensor') and import('@x/tensor') gave two copies");
  esm.manualSeed(7);
  const a = torch.rand(3).tolistSync();
  torch.manualSeed(7);
  if (JSON.stringify(a) !== JSON.stringify(esm.rand(3).tolistSync())) throw new Error('one default generator expected');
  console.log('require-esm ok');
});
