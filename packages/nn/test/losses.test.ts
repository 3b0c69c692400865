// Every loss against PyTorch 1.13's goldens (value, input gradient, target gradient), float32 and
// float64, through the functional form and the module, on the CPU.
import { beforeAll, describe, it, vi } from 'vitest';
import '@x/backend-cpu';
import '@x/autograd';
import { loadLossFixture, replayCase } from './losses-fixture';

const fixture = loadLossFixture();
const families = [...new Set(fixture.cases.map((c) => c.fn))];

beforeAll(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {}); // the broadcast cases warn as PyTorch does
});

describe(`losses against PyTorch ${fixture.torch} on 'cpu'`, () => {
  it('has every case', () => {
    if (fixture.cases.length !== fixture.count || fixture.count < 400) throw new Error(`fixture has ${fixture.cases.length} of ${fixture.count} cases`);
  });
  for (const fn of families) {
    describe(fn, () => {
      for (const c of fixture.cases.filter((x) => x.fn === fn)) it(c.name, () => replayCase(c, 'cpu'));
    });
  }
});
