// Layers against PyTorch 1.13 goldens (scripts/layers_fixtures.py): module print, forward, gradients
// of the input and the parameters, batch norm buffers step by step; then the functional forms.
import { describe, it } from 'vitest';
import '@x/backend-cpu';
import '@x/autograd';
import { loadLayerFixture, runFunctional, runLayerCase } from './layers-fixture';

const fixture = loadLayerFixture('layers.json');

describe(`layers vs PyTorch ${fixture.torch}`, () => {
  for (const c of fixture.cases) {
    it(c.name, () => runLayerCase(c, { rtol: 1e-5, atol: 1e-6 }));
  }
});

describe(`functional vs PyTorch ${fixture.torch}`, () => {
  for (const c of fixture.functional) it(c.name, () => runFunctional(c));
});
