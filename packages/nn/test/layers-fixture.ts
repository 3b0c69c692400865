// Loads the PyTorch golden cases written by scripts/layers_fixtures.py and runs one through a module:
// construct it from the recorded arguments, load PyTorch's initial state, then for each step compare
// the output, the input's and parameters' gradients, and the buffers.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import * as torch from '@x/tensor';
import * as nn from '../src/index';

export interface EncodedTensor {
  shape: number[];
  dtype: 'float32' | 'float64' | 'int64' | 'bool';
  data: (number | boolean)[];
}

export interface Step {
  train: boolean;
  input: EncodedTensor;
  grad_output: EncodedTensor;
  output: EncodedTensor;
  indices?: EncodedTensor;
  input_grad?: EncodedTensor;
  param_grads?: Record<string, EncodedTensor>;
  buffers: Record<string, EncodedTensor>;
}

export interface LayerCase {
  name: string;
  module: string;
  args: unknown[];
  options: Record<string, unknown>;
  repr: string;
  state: Record<string, EncodedTensor>;
  steps: Step[];
}

export interface FunctionalCase {
  name: string;
  fn: string;
  args: unknown[];
  output: EncodedTensor;
  grad_output?: EncodedTensor;
  /** Which args PyTorch differentiated, and their gradients in that order. */
  grad_args?: number[];
  grads?: EncodedTensor[];
  running_after?: EncodedTensor[];
}

export interface LayerFixture {
  torch: string;
  cases: LayerCase[];
  functional: FunctionalCase[];
}

export function loadLayerFixture(file: string): LayerFixture {
  return JSON.parse(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8')) as LayerFixture;
}

export const isEncoded = (v: unknown): v is EncodedTensor => typeof v === 'object' && v !== null && 'shape' in v && 'data' in v && 'dtype' in v;

export function decode(e: EncodedTensor, device: torch.Device = 'cpu'): torch.Tensor {
  return torch.tensor(e.data as number[], { dtype: e.dtype, device }).reshape(e.shape);
}

/** Fails with the largest difference and where it is. Reads asynchronously, so any device works. */
export async function expectClose(actual: torch.Tensor, expected: EncodedTensor, what: string, tol = { rtol: 1e-5, atol: 1e-6 }): Promise<void> {
  expect(actual.shape, `${what}: shape`).toEqual(expected.shape);
  expect(actual.dtype, `${what}: dtype`).toBe(expected.dtype);
  const values = Array.from(await actual.dataAsync(), Number);
  if (expected.dtype === 'int64' || expected.dtype === 'bool') {
    expect(values, what).toEqual(expected.data.map(Number));
    return;
  }
  const a = values;
  const e = expected.data as number[];
  let worst = -1;
  let worstExcess = 0;
  a.forEach((v, i) => {
    const want = e[i]!;
    if (Number.isNaN(v) && Number.isNaN(want)) return;
    const excess = v === want ? 0 : Math.abs(v - want) - (tol.atol + tol.rtol * Math.abs(want));
    const bad = Number.isNaN(excess) ? Infinity : excess;
    if (bad > worstExcess) {
      worst = i;
      worstExcess = bad;
    }
  });
  if (worst >= 0) expect.fail(`${what}: element ${worst} is ${a[worst]}, PyTorch ${e[worst]} (rtol ${tol.rtol}, atol ${tol.atol})`);
}

type Ctor = new (...args: unknown[]) => nn.Module;

export function buildModule(c: LayerCase): nn.Module {
  const ctor = (nn as unknown as Record<string, Ctor>)[c.module];
  if (!ctor) throw new Error(`no nn.${c.module}`);
  const args = Object.keys(c.options).length ? [...c.args, c.options] : c.args;
  return new ctor(...args);
}

/** Runs every step of a case on `device` (the module is built on the CPU, then moved). */
export async function runLayerCase(c: LayerCase, tol?: { rtol: number; atol: number }, device: torch.Device = 'cpu'): Promise<void> {
  const m = buildModule(c).to(device);
  expect(m.toString(), 'repr').toBe(c.repr);
  expect(Object.keys(m.stateDict()), 'state dict keys').toEqual(Object.keys(c.state));
  m.loadStateDict(Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, decode(v, device)])));
  for (const [i, s] of c.steps.entries()) {
    const at = `${c.name} step ${i}`;
    m.train(s.train);
    const leaf = decode(s.input, device);
    const floating = leaf.dtype === 'float32' || leaf.dtype === 'float64';
    if (floating) leaf.requiresGrad_(true);
    const result = m.forward(floating ? leaf.clone() : leaf) as torch.Tensor | torch.Tensor[];
    const out = Array.isArray(result) ? result[0]! : result;
    await expectClose(out, s.output, `${at}: output`, tol);
    if (s.indices) await expectClose((result as torch.Tensor[])[1]!, s.indices, `${at}: indices`);
    m.zeroGrad();
    if (s.param_grads) {
      out.backward(decode(s.grad_output, device));
      if (s.input_grad) await expectClose(leaf.grad!, s.input_grad, `${at}: input grad`, tol);
      const params = Object.fromEntries(m.namedParameters());
      expect(Object.keys(params).filter((k) => params[k]!.grad !== null).sort(), `${at}: parameters with a grad`).toEqual(Object.keys(s.param_grads).sort());
      for (const [k, g] of Object.entries(s.param_grads)) await expectClose(params[k]!.grad!, g, `${at}: grad of ${k}`, tol);
    } else {
      expect(out.requiresGrad, `${at}: output requires grad`).toBe(false);
    }
    const buffers = Object.fromEntries(m.namedBuffers());
    expect(Object.keys(buffers), `${at}: buffers`).toEqual(Object.keys(s.buffers));
    for (const [k, b] of Object.entries(s.buffers)) await expectClose(buffers[k]!, b, `${at}: buffer ${k}`, tol);
  }
}

type Fn = (...args: unknown[]) => torch.Tensor;

/** Calls F[c.fn] with the recorded arguments on `device`; compares the result, running stats and gradients. */
export async function runFunctional(c: FunctionalCase, device: torch.Device = 'cpu'): Promise<void> {
  const args = c.args.map((a) => (isEncoded(a) ? decode(a, device) : a));
  const leaves = (c.grad_args ?? []).map((i) => (args[i] as torch.Tensor).requiresGrad_(true));
  const out = (nn.functional as unknown as Record<string, Fn>)[c.fn]!(...args);
  await expectClose(out, c.output, `${c.name}: output`);
  if (c.running_after) {
    await expectClose(args[1] as torch.Tensor, c.running_after[0]!, `${c.name}: running mean`);
    await expectClose(args[2] as torch.Tensor, c.running_after[1]!, `${c.name}: running var`);
  }
  if (c.grads) {
    out.backward(decode(c.grad_output!, device));
    for (const [i, g] of c.grads.entries()) await expectClose(leaves[i]!.grad!, g, `${c.name}: grad of argument ${c.grad_args![i]}`);
  }
}
