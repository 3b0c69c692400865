// Shared by the serialize tests: a deep comparison of trees that hold tensors, and a small fake module
// system that uses the [Symbol.for('@x/serialize')] protocol the way @x/nn does.
import { expect } from 'vitest';
import * as torch from '@x/tensor';
import type { ReviveContext, Tensor } from '@x/tensor';

/** Same structure, same tensors (dtype, shape, values with NaN and -0 exact), same plain values. */
export function expectSameTree(actual: unknown, expected: unknown, at = 'root'): void {
  if (torch.isTensor(expected)) {
    expect(torch.isTensor(actual), `${at} is a tensor`).toBe(true);
    const a = actual as Tensor;
    expect(a.dtype, `${at}.dtype`).toBe(expected.dtype);
    expect(a.shape, `${at}.shape`).toEqual(expected.shape);
    expect(a.device, `${at}.device`).toBe('cpu');
    expect([...a.dataSync()], `${at} values`).toEqual([...expected.dataSync()]);
    return;
  }
  if (expected === null || typeof expected !== 'object') {
    expect(Object.is(actual, expected) || actual === expected, `${at}: ${String(actual)} vs ${String(expected)}`).toBe(true);
    return;
  }
  expect(actual !== null && typeof actual === 'object', `${at} is an object`).toBe(true);
  expect(Array.isArray(actual), `${at} array-ness`).toBe(Array.isArray(expected));
  expect(Object.keys(actual as object), `${at} keys`).toEqual(Object.keys(expected));
  for (const k of Object.keys(expected)) expectSameTree((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${at}.${k}`);
}

/** A module in miniature: tensors are its parameters, modules its children, anything else its config. */
export abstract class FakeModule {
  [torch.SERIALIZE]() {
    const config: Record<string, unknown> = {};
    const params: Record<string, Tensor> = {};
    const children: Record<string, FakeModule> = {};
    for (const [k, v] of Object.entries(this)) {
      if (v instanceof FakeModule) children[k] = v;
      else if (torch.isTensor(v)) params[k] = v;
      else config[k] = v;
    }
    // names: the state dict's keys name the weights in the file, as @x/nn does.
    return { type: 'test.module', state: { class: this.constructor.name, config, params, children }, names: this.stateDict() };
  }

  stateDict(prefix = ''): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [k, v] of Object.entries(this)) {
      if (torch.isTensor(v)) out[prefix + k] = v;
      else if (v instanceof FakeModule) Object.assign(out, v.stateDict(`${prefix}${k}.`));
    }
    return out;
  }

  loadStateDict(sd: Record<string, Tensor>): void {
    const own = this.stateDict();
    const missing = Object.keys(own).filter((k) => !(k in sd));
    if (missing.length) throw new Error(`missing keys: ${missing.join(', ')}`);
    torch.noGrad(() => {
      for (const [k, t] of Object.entries(own)) t.copy_(sd[k]!);
    });
  }
}

export class FakeLinear extends FakeModule {
  weight: Tensor;
  bias: Tensor;
  constructor(
    public inFeatures: number,
    public outFeatures: number,
  ) {
    super();
    this.weight = torch.randn(outFeatures, inFeatures);
    this.bias = torch.randn(outFeatures);
  }
  forward(x: Tensor): Tensor {
    return x.matmul(this.weight.T).add(this.bias);
  }
}

const BUILT_IN: Record<string, abstract new (...args: never[]) => unknown> = { FakeLinear };

/** As @x/nn's 'module' reviver: built-in classes known, user classes from options.modules, no constructor call. */
export function reviveModule(state: unknown, context: ReviveContext): object {
  const s = state as { class: string; config: object; params: object; children: object };
  const cls = BUILT_IN[s.class] ?? context.moduleClass(s.class);
  return Object.assign(Object.create(cls.prototype as object) as object, s.config, s.params, s.children);
}
torch.registerReviver('test.module', reviveModule);
