// Shared by the tests: the golden fixtures of scripts/generate_fixtures.py, the problem they optimize
// rebuilt with @x ops, and exact comparisons of tensors with fixture values.
import { readFileSync } from 'node:fs';
import '@x/backend-cpu';
import '@x/autograd';
import * as torch from '@x/tensor';
import { decodeValue } from '@x/conformance';
import type { Optimizer } from '../src/index';

type FloatDType = 'float32' | 'float64';

/** A number as the fixtures write it (non-finite values and -0 as strings), as in @x/conformance. */
export type EncodedValue = number | boolean | 'nan' | 'inf' | '-inf' | '-0';

export interface EncodedTensor {
  dtype: FloatDType;
  shape: number[];
  data: EncodedValue[];
}

export interface ProblemParam {
  shape: number[];
  init: EncodedValue[];
  x: EncodedValue[];
  y: EncodedValue[];
}

export interface OptimizerCase {
  name: string;
  dtype: FloatDType;
  options: Record<string, unknown>;
  group_options: Record<string, unknown>[];
  /** trajectory[step][param] = the parameter's values after step+1 steps. */
  trajectory: EncodedValue[][][];
  state_dict: unknown;
  /** PyTorch's state_dict() after `after_steps` steps (a few cases). */
  resume?: { after_steps: number; state_dict: unknown };
}

export interface OptimizerFixture {
  torch: string;
  optimizer: string;
  steps: number;
  problem: { K: number; groups: number[][]; unused: number; params: ProblemParam[] };
  cases: OptimizerCase[];
}

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** A value as the fixture's dtype holds it: the shortest decimal of a float32 reads back exactly with fround. */
export function valueOf(v: EncodedValue, dtype: FloatDType): number {
  const x = Number(decodeValue(v));
  return dtype === 'float32' ? Math.fround(x) : x;
}

/** A tensor of `dtype` from fixture values that were `source` values (the problem's data are float32). */
export function tensorFrom(values: readonly EncodedValue[], shape: readonly number[], dtype: FloatDType, requiresGrad = false, source: FloatDType = dtype): torch.Tensor {
  const flat = torch.tensor(values.map((v) => valueOf(v, source)), { dtype });
  const t = flat.reshape([...shape]).clone();
  if (requiresGrad) t.requiresGrad_();
  return t;
}

export interface Problem {
  params: torch.Tensor[];
  /** Zeroes nothing: computes the loss and runs backward. */
  backward(): torch.Tensor;
}

/** The fixture's problem in `dtype`: fresh leaf parameters and a loss over all but the unused one. */
export function buildProblem(f: OptimizerFixture, dtype: FloatDType): Problem {
  const { K, unused } = f.problem;
  // The problem's values are float32 (cast to float64 for the float64 cases, as the script does).
  const params = f.problem.params.map((p) => tensorFrom(p.init, p.shape, dtype, true, 'float32'));
  const xs = f.problem.params.map((p) => tensorFrom(p.x, p.shape, dtype, false, 'float32'));
  const ys = f.problem.params.map((p) => tensorFrom(p.y, p.shape, dtype, false, 'float32'));
  return {
    params,
    backward() {
      let total: torch.Tensor | null = null;
      params.forEach((p, i) => {
        if (i === unused) return;
        const r = p.mul(xs[i]!).sub(ys[i]!);
        const s = r.mul(r);
        const term = s.sum().add(s.mul(s).sum().mul(K));
        total = total === null ? term : total.add(term);
      });
      total!.backward();
      return total!;
    },
  };
}

/** The groups of a case: the problem's parameter indices, each with its options. */
export function groupsOf(f: OptimizerFixture, c: OptimizerCase, params: torch.Tensor[]): { params: torch.Tensor[]; [k: string]: unknown }[] {
  return f.problem.groups.map((idx, g) => ({ params: idx.map((i) => params[i]!), ...c.group_options[g] }));
}

/** The largest |actual - expected| / max(|expected|, tiny) over a tensor; 0 when bit-identical. */
export function relError(actual: torch.Tensor, expected: readonly EncodedValue[], dtype: FloatDType): number {
  const a = actual.contiguous().dataSync();
  if (a.length !== expected.length) throw new Error(`size ${a.length} != ${expected.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const e = valueOf(expected[i]!, dtype);
    const x = Number(a[i]);
    if (Object.is(x, e) || x === e) continue;
    worst = Math.max(worst, Math.abs(x - e) / Math.max(Math.abs(e), 1e-30));
  }
  return worst;
}

export const RTOL: Record<FloatDType, number> = { float32: 1e-5, float64: 1e-12 };

export type OptimizerClass = new (params: { params: torch.Tensor[]; [k: string]: unknown }[], options: Record<string, unknown>) => Optimizer;

/** A fixture's PyTorch state dict as @x values: `{ tensor }` entries become tensors (step stays a 0-d tensor). */
export function decodeStateDict(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeStateDict);
  if (v !== null && typeof v === 'object') {
    if ('tensor' in v) {
      const t = (v as { tensor: EncodedTensor }).tensor;
      return tensorFrom(t.data, t.shape, t.dtype);
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decodeStateDict(x)]));
  }
  return v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v;
}
