// Every optimizer's PyTorch trajectories again, on a device with an asynchronous device's contract
// (deferredBackend from @x/conformance): the steps must never read tensor data synchronously, and
// the parameters after the last step must be PyTorch's, bit for bit, as on the CPU. The float32 cases
// run once more on the strict test device (float64 refused, int64 in 32 bits, strict aliasing,
// poisoned uninitialised memory) with the CPU's fused optimizer kernels run in queue order.
import { describe, expect, it } from 'vitest';
import { cpuBackend } from '@x/backend-cpu';
import '@x/autograd';
import * as torch from '@x/tensor';
import { deferredBackend, strictDevice } from '@x/conformance';
import { Adadelta, Adagrad, Adam, AdamW, RMSprop, SGD } from '../src/index';
import { groupsOf, loadFixture, tensorFrom, valueOf, type OptimizerClass, type OptimizerFixture } from './fixtures';

if (!torch.registeredDevices().includes('deferred')) torch.registerBackend(deferredBackend('deferred', cpuBackend));
// The strict test device this file registers, named for the types as a third-party backend names its own.
declare module '@x/tensor' {
  interface DeviceNames {
    'strict-optim': true;
  }
}

const STRICT = 'strict-optim';
const strict = strictDevice(STRICT, cpuBackend, { fused: cpuBackend.fused! });
torch.registerBackend(strict);

const OPTIMIZERS: [string, OptimizerClass][] = [
  ['sgd.json', SGD as unknown as OptimizerClass],
  ['adam.json', Adam as unknown as OptimizerClass],
  ['adamw.json', AdamW as unknown as OptimizerClass],
  ['rmsprop.json', RMSprop as unknown as OptimizerClass],
  ['adadelta.json', Adadelta as unknown as OptimizerClass],
  ['adagrad.json', Adagrad as unknown as OptimizerClass],
];

/** The fixture's problem (as fixtures.ts's buildProblem) with every tensor on `device`. */
function problemOn(f: OptimizerFixture, dtype: 'float32' | 'float64', device: torch.Device) {
  const on = (values: Parameters<typeof tensorFrom>[0], shape: number[]) => tensorFrom(values, shape, dtype, false, 'float32').to(device);
  const params = f.problem.params.map((p) => on(p.init, p.shape).requiresGrad_());
  const xs = f.problem.params.map((p) => on(p.x, p.shape));
  const ys = f.problem.params.map((p) => on(p.y, p.shape));
  const backward = (): void => {
    let total: torch.Tensor | null = null;
    params.forEach((p, i) => {
      if (i === f.problem.unused) return;
      const r = p.mul(xs[i]!).sub(ys[i]!);
      const s = r.mul(r);
      const term = s.sum().add(s.mul(s).sum().mul(f.problem.K));
      total = total === null ? term : total.add(term);
    });
    total!.backward();
  };
  return { params, backward };
}

for (const [file, Cls] of OPTIMIZERS) {
  const fixture = loadFixture<OptimizerFixture>(file);
  describe(`${fixture.optimizer} on an async-contract device (${file})`, () => {
    for (const c of fixture.cases) {
      for (const device of (c.dtype === 'float32' ? ['deferred', STRICT] : ['deferred']) as torch.Device[]) {
        it(`${c.name} on '${device}'`, async () => {
          strict.resetCounts();
          const problem = problemOn(fixture, c.dtype, device);
          const optimizer = new Cls(groupsOf(fixture, c, problem.params), c.options);
          for (let step = 0; step < c.trajectory.length; step++) {
            optimizer.zeroGrad();
            problem.backward();
            optimizer.step();
          }
          const last = c.trajectory[c.trajectory.length - 1]!;
          for (const [i, p] of problem.params.entries()) {
            expect(p.device).toBe(device);
            const got = [...(await p.contiguous().dataAsync())].map(Number);
            expect(got, `param ${i}`).toEqual(last[i]!.map((v) => valueOf(v, c.dtype)));
          }
          // Adam and AdamW update each parameter with the device's fused kernel there
          if (device === STRICT && /^adamw?\.json$/.test(file)) expect(strict.counts().fused).toBeGreaterThan(0);
        });
      }
    }
  });
}
