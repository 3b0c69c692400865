// Custom autograd functions against PyTorch 1.13 (scripts/function_fixtures.py defines the same
// classes): outputs, gradFn names, needsInputGrad, gradients, markDirty, markNonDifferentiable, a
// broadcast gradient summed down, the second backward, and the errors for bad backward results; on
// the CPU and on the async-contract device; and gradcheck.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpuBackend } from '@x/backend-cpu';
import * as torch from '@x/tensor';
import { buildTensor, compareTensor, deferredBackend, type EncodedTensor } from '@x/conformance';
import { Function, FunctionCtx, gradcheck } from '../src/index';

type Tensor = torch.Tensor;
if (!torch.registeredDevices().includes('deferred')) torch.registerBackend(deferredBackend('deferred', cpuBackend));

class Exp extends Function {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    const y = x.exp();
    ctx.saveForBackward(y);
    return y;
  }
  static override backward(ctx: FunctionCtx, g: Tensor): Tensor {
    const [y] = ctx.savedTensors;
    return g.mul(y!);
  }
}

class MulAdd extends Function {
  static override forward(ctx: FunctionCtx & { alpha?: number }, x: Tensor, y: Tensor, alpha: number): Tensor {
    ctx.saveForBackward(x, y);
    ctx.alpha = alpha;
    return x.mul(y).add(alpha);
  }
  static override backward(ctx: FunctionCtx, g: Tensor): (Tensor | null)[] {
    const [x, y] = ctx.savedTensors;
    return [ctx.needsInputGrad[0] ? g.mul(y!) : null, ctx.needsInputGrad[1] ? g.mul(x!) : null, null];
  }
}

class SortWithIndices extends Function {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor[] {
    const [values, indices] = x.sort();
    ctx.saveForBackward(indices);
    ctx.markNonDifferentiable(indices);
    return [values, indices];
  }
  static override backward(ctx: FunctionCtx, gValues: Tensor): Tensor {
    const [indices] = ctx.savedTensors;
    return torch.zerosLike(gValues).scatter(0, indices!, gValues);
  }
}

class ScaleInplace extends Function {
  static override forward(ctx: FunctionCtx & { s?: number }, x: Tensor, s: number): Tensor {
    ctx.s = s;
    x.mul_(s);
    ctx.markDirty(x);
    return x;
  }
  static override backward(ctx: FunctionCtx & { s?: number }, g: Tensor): (Tensor | null)[] {
    return [g.mul(ctx.s!), null];
  }
}

class Broadcasting extends Function {
  static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
    return x.mul(2);
  }
  static override backward(_ctx: FunctionCtx, g: Tensor): Tensor {
    return g.expand(2, ...g.shape).mul(1.5);
  }
}

class NoSave extends Function {
  static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
    return x.mul(3);
  }
  static override backward(_ctx: FunctionCtx, g: Tensor): Tensor {
    return g.mul(3);
  }
}

class WrongCount extends Function {
  static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
    return x.clone();
  }
  static override backward(_ctx: FunctionCtx, g: Tensor): Tensor[] {
    return [g, g];
  }
}

class WrongShape extends Function {
  static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
    return x.clone();
  }
  static override backward(_ctx: FunctionCtx, g: Tensor): Tensor {
    return g.at('0:2');
  }
}

const CLASSES: Record<string, { apply(...args: unknown[]): unknown }> = { Exp, MulAdd, SortWithIndices, ScaleInplace, Broadcasting, NoSave, WrongCount, WrongShape };

interface FunctionCase {
  name: string;
  inputs: EncodedTensor[];
  requires_grad: boolean[];
  extra: number[];
  needs_input_grad: boolean[];
  outputs: EncodedTensor[];
  grad_fn: (string | null)[];
  requires_grad_out: boolean[];
  grad_outputs: EncodedTensor[];
  grads?: (EncodedTensor | null)[];
  error?: string;
  third_backward_throws?: boolean;
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/function.json', import.meta.url), 'utf8')) as { torch: string; cases: FunctionCase[] };

async function runCase(c: FunctionCase, device: torch.Device): Promise<void> {
  const Cls = CLASSES[c.name.split('/')[0]!]!;
  const leaves = c.inputs.map((e, i) => buildTensor(e, device).requiresGrad_(c.requires_grad[i]!));
  const args = c.name === 'ScaleInplace' ? leaves.map((t) => t.clone()) : leaves;
  let needs: readonly boolean[] = [];
  const probe = Object.assign(Object.create(Cls) as object, {
    forward: (ctx: FunctionCtx, ...a: unknown[]) => {
      needs = ctx.needsInputGrad;
      return (Cls as unknown as { forward(...x: unknown[]): unknown }).forward(ctx, ...a);
    },
  }) as typeof Function;
  Object.defineProperty(probe, 'name', { value: (Cls as unknown as { name: string }).name });
  const out = probe.apply(...args, ...c.extra);
  const outs = (Array.isArray(out) ? out : [out]) as Tensor[];
  expect(needs).toEqual(c.needs_input_grad);
  expect(outs.map((o) => o.gradFn?.name ?? null)).toEqual(c.grad_fn);
  expect(outs.map((o) => o.requiresGrad)).toEqual(c.requires_grad_out);
  for (const [i, o] of outs.entries()) await compareTensor(o, c.outputs[i]!, `${c.name} output ${i}`, { device });
  const diff = outs.filter((o) => o.requiresGrad);
  const seeds = c.grad_outputs.map((e) => buildTensor(e, device));
  const backward = (retain: boolean) => diff.forEach((o, i) => o.backward(seeds[i], { retainGraph: retain || i < diff.length - 1 }));
  if (c.error) {
    expect(() => backward(false)).toThrow(c.error);
    return;
  }
  backward(c.third_backward_throws !== undefined);
  for (const [i, t] of leaves.entries()) {
    const want = c.grads![i];
    if (want === null || want === undefined) expect(t.grad, `grad of input ${i}`).toBeNull();
    else await compareTensor(t.grad!, want, `${c.name} grad of input ${i}`, { device });
  }
  if (c.third_backward_throws !== undefined) {
    backward(false);
    if (c.third_backward_throws) expect(() => backward(false)).toThrow(/Trying to backward through the graph a second time/);
    else expect(() => backward(false)).not.toThrow();
  }
}

for (const device of ['cpu', 'deferred'] as const) {
  describe(`autograd.Function against PyTorch ${fixture.torch} on '${device}'`, () => {
    for (const c of fixture.cases) it(c.name, () => runCase(c, device));
  });
}

describe('autograd.Function', () => {
  it('passes gradcheck, with a non-tensor input and two tensor inputs', () => {
    const x = torch.rand([3], { dtype: 'float64', requiresGrad: true });
    const y = torch.rand([3], { dtype: 'float64', requiresGrad: true });
    expect(gradcheck((a, b) => MulAdd.apply(a!, b!, 0.5), [x, y])).toBe(true);
    expect(gradcheck((a) => Exp.apply(a!).mul(Exp.apply(a!.mul(0.5))), [x])).toBe(true);
  });

  it('composes with ordinary ops both ways, and runs forward without recording', () => {
    const x = torch.tensor([0.5, 1], { dtype: 'float32', requiresGrad: true });
    let recorded: boolean | null = null;
    class Probe extends Function {
      static override forward(_ctx: FunctionCtx, t: Tensor): Tensor {
        const r = t.mul(2);
        recorded = r.requiresGrad;
        return r;
      }
      static override backward(_ctx: FunctionCtx, g: Tensor): Tensor {
        return g.mul(2);
      }
    }
    const z = Probe.apply(x.mul(x)).sum();
    z.backward();
    expect(recorded).toBe(false);
    expect(x.grad!.tolistSync()).toEqual([2, 4]);
  });

  it('returns the outputs unchanged when nothing requires grad, and under noGrad', () => {
    const x = torch.tensor([1, 2], { dtype: 'float32' });
    const y = Exp.apply(x);
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    const z = torch.noGrad(() => Exp.apply(x.requiresGrad_()));
    expect(z.requiresGrad).toBe(false);
  });

  it('refuses markDirty on a leaf that requires grad, and says how to define the class', () => {
    const leaf = torch.tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    expect(() => ScaleInplace.apply(leaf, 2)).toThrow('ScaleInplace: a leaf Variable that requires grad (shape [2]) has been used in an in-place operation (markDirty)');
    class Bare extends Function {}
    expect(() => Bare.apply(leaf)).toThrow('Bare: define static forward(ctx, ...inputs) in your autograd.Function subclass');
  });
});
