// nn.functional's normalize, cosineSimilarity, pairwiseDistance and interpolate and nn.utils against
// PyTorch 1.13 (scripts/functional_fixtures.py): values, gradients and errors, through
// @x/conformance's runner, on the CPU and on the async-contract device. Every case runs in three
// calling forms: positional, positional plus an options object, and everything by keyword.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpuBackend } from '@x/backend-cpu';
import '@x/autograd';
import * as torch from '@x/tensor';
import { addOps, deferredBackend, NOT_APPLICABLE, runCase, runGradCase, type CallContext, type Case, type FixtureFile, type OpForms } from '@x/conformance';
import * as nn from '../src/index';

registerDeviceOnce();

function registerDeviceOnce(): void {
  if (!torch.registeredDevices().includes('deferred')) torch.registerBackend(deferredBackend('deferred', cpuBackend));
}

const F = nn.functional;
type Fn = (...args: unknown[]) => unknown;

/**
 * The three calling forms of `fn` whose parameters are `names`: the case's positional arguments
 * first, its keyword arguments (a) moved to their positions, (b) in a trailing options object, (c)
 * with the positional ones, all by name. `prepare` turns the decoded arguments into the call's.
 */
function forms(fn: Fn, names: readonly string[], prepare: (c: CallContext) => unknown[] = (c) => [...c.args], finish: (r: unknown, args: unknown[]) => unknown = (r) => r): OpForms {
  const run = (c: CallContext, call: (args: unknown[]) => unknown) => {
    const args = prepare(c);
    return finish(call(args), args);
  };
  return {
    positional: (c) =>
      run(c, (args) => {
        const all = [...args];
        for (const [k, v] of Object.entries(c.kwargs)) all[names.indexOf(k)] = v;
        return fn(...all);
      }),
    options: (c) => run(c, (args) => (Object.keys(c.kwargs).length ? fn(...args, { ...c.kwargs }) : fn(...args))),
    keywords: (c) => run(c, (args) => fn({ ...Object.fromEntries(args.map((a, i) => [names[i], a])), ...c.kwargs })),
  };
}

/** [value, grad] pairs → leaf parameters with those gradients (the clip cases). */
function withGrads(c: CallContext): unknown[] {
  const pairs = c.args[0] as [torch.Tensor, torch.Tensor | null][];
  const params = pairs.map(([value, grad]) => {
    const p = value.detach().clone().requiresGrad_();
    p.grad = grad === null ? null : grad.detach().clone();
    return p;
  });
  return [params];
}
const gradsOf = (args: unknown[]) => (args[0] as torch.Tensor[]).map((p) => p.grad ?? torch.zeros([0], { device: p.device }));
const readsSync = (device: string) => torch.getBackend(device).readSync !== undefined;

/** The sync forms of clipGradNorm_ do not apply where errorIfNonfinite would need a synchronous read. */
function syncOnly(f: OpForms): OpForms {
  return Object.fromEntries(
    Object.entries(f).map(([label, form]) => [label, (c: CallContext) => (c.kwargs['errorIfNonfinite'] && !readsSync(c.device) ? NOT_APPLICABLE : form(c))]),
  );
}

const clipNames = ['parameters', 'maxNorm', 'normType', 'errorIfNonfinite'];
addOps({
  normalize: forms(F.normalize as Fn, ['input', 'p', 'dim', 'eps']),
  cosineSimilarity: forms(F.cosineSimilarity as Fn, ['x1', 'x2', 'dim', 'eps']),
  pairwiseDistance: forms(F.pairwiseDistance as Fn, ['x1', 'x2', 'p', 'eps', 'keepdim']),
  interpolate: forms(F.interpolate as Fn, ['input', 'size', 'scaleFactor', 'mode', 'alignCorners', 'recomputeScaleFactor']),
  clipGradNorm_: {
    ...syncOnly(forms(nn.utils.clipGradNorm_ as Fn, clipNames, withGrads, (total, args) => [total, ...gradsOf(args)])),
    async: async (c) => {
      const args = withGrads(c);
      const total = await nn.utils.clipGradNormAsync_(args[0] as torch.Tensor[], c.kwargs as { maxNorm: number });
      return [total, ...gradsOf(args)];
    },
  },
  clipGradValue_: forms(nn.utils.clipGradValue_ as Fn, ['parameters', 'clipValue'], withGrads, (_, args) => gradsOf(args)),
  parametersToVector: forms(nn.utils.parametersToVector as Fn, ['parameters']),
  vectorToParameters: forms(
    nn.utils.vectorToParameters as Fn,
    ['vec', 'parameters'],
    (c) => [c.args[0], (c.args[1] as number[][]).map((s) => torch.zeros(s, { device: c.device }))],
    (_, args) => args[1],
  ),
  padSequence: forms(nn.utils.rnn.padSequence as Fn, ['sequences', 'batchFirst', 'paddingValue']),
});

for (const file of ['nn-functional.json', 'nn-utils.json']) {
  const fixture = JSON.parse(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8')) as FixtureFile;
  for (const device of ['cpu', 'deferred'] as const) {
    describe(`${fixture.family} against PyTorch ${fixture.torch} on '${device}'`, () => {
      for (const c of fixture.cases as Case[]) {
        it(c.name, () => runCase(c, device));
        if (c.grads) it(`${c.name} [grad]`, () => runGradCase(c, device));
      }
    });
  }
}

describe('clipGradNorm_ on a device without synchronous reads', () => {
  it('scales without reading, as on the CPU, and errorIfNonfinite points to clipGradNormAsync_', async () => {
    const clip = (device: torch.Device) => {
      const p = torch.tensor([3, 4], { dtype: 'float32', device, requiresGrad: true });
      p.grad = torch.tensor([3, 4], { dtype: 'float32', device });
      return { p, total: nn.utils.clipGradNorm_([p], 1) };
    };
    const cpu = clip('cpu');
    const deferred = clip('deferred');
    expect(await deferred.total.item()).toBe(5);
    expect(await deferred.p.grad!.tolist()).toEqual(cpu.p.grad!.tolistSync());
    expect(() => nn.utils.clipGradNorm_([deferred.p], 1, { errorIfNonfinite: true })).toThrow(
      "clipGradNorm_: errorIfNonfinite needs the norm's value, which device 'deferred' cannot read synchronously; use await nn.utils.clipGradNormAsync_(...)",
    );
  });
});
