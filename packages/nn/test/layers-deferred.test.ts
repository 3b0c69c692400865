// The layer goldens on a device with an asynchronous device's contract (deferredBackend): proves
// that the layers never read tensor data synchronously, so they run unchanged on WebGPU.
import { describe, it } from 'vitest';
import { cpuBackend } from '@x/backend-cpu';
import '@x/autograd';
import { registerBackend } from '@x/tensor';
import { deferredBackend } from '@x/conformance';
import { loadLayerFixture, runFunctional, runLayerCase } from './layers-fixture';
import { needsFloat64, STRICT } from './strict-device';

registerBackend(deferredBackend('deferred', cpuBackend));

for (const file of ['layers.json', 'layers-conv.json']) {
  const fixture = loadLayerFixture(file);
  describe(`${file} on an async-contract device`, () => {
    for (const c of fixture.cases) it(c.name, () => runLayerCase(c, { rtol: 1e-5, atol: 1e-6 }, 'deferred'));
    // oneHot infers or checks classes by reading the values: oneHotAsync is its form for such devices
    for (const c of fixture.functional.filter((f) => f.fn !== 'oneHot')) it(c.name, () => runFunctional(c, 'deferred'));
  });
}

for (const file of ['layers.json', 'layers-conv.json']) {
  const fixture = loadLayerFixture(file);
  describe(`${file} on '${STRICT}' (float64 refused, int64 in 32 bits, strict aliasing, fused kernels)`, () => {
    for (const c of fixture.cases.filter((k) => !needsFloat64(k))) it(c.name, () => runLayerCase(c, { rtol: 1e-5, atol: 1e-6 }, STRICT));
    for (const c of fixture.functional.filter((f) => f.fn !== 'oneHot' && !needsFloat64(f))) it(c.name, () => runFunctional(c, STRICT));
  });
}
