// Replays an optimizer fixture: the same problem, the same options, step by step against PyTorch's
// parameters, then the final stateDict() against PyTorch's state_dict().
import { describe, expect, it } from 'vitest';
import * as torch from '@x/tensor';
import type { OptimizerStateDict } from '../src/index';
import {
  buildProblem, decodeStateDict, groupsOf, tensorFrom, loadFixture, relError, RTOL,
  type EncodedTensor, type EncodedValue, type OptimizerCase, type OptimizerClass, type OptimizerFixture,
} from './fixtures';

function isEncodedTensor(v: unknown): v is { tensor: EncodedTensor } {
  return v !== null && typeof v === 'object' && 'tensor' in v;
}

/** Our state dict next to PyTorch's: same keys everywhere, tensors equal to rounding, steps as numbers. */
function compareStateDict(ours: unknown, theirs: unknown, dtype: 'float32' | 'float64', path: string, errors: number[]): void {
  if (isEncodedTensor(theirs)) {
    const t = theirs.tensor;
    if (path.endsWith('.step')) {
      // PyTorch 1.13's Adam keeps step as a 0-d float32 tensor; @x keeps a number.
      expect(ours, path).toBe(Number(t.data[0]));
      return;
    }
    expect(torch.isTensor(ours), `${path} is a tensor`).toBe(true);
    const tensor = ours as torch.Tensor;
    expect([...tensor.shape], `${path} shape`).toEqual(t.shape);
    expect(tensor.dtype, `${path} dtype`).toBe(t.dtype);
    errors.push(relError(tensor, t.data, dtype));
    return;
  }
  if (Array.isArray(theirs)) {
    expect(Array.isArray(ours), `${path} is an array`).toBe(true);
    expect((ours as unknown[]).length, `${path} length`).toBe(theirs.length);
    theirs.forEach((v, i) => compareStateDict((ours as unknown[])[i], v, dtype, `${path}[${i}]`, errors));
    return;
  }
  if (theirs !== null && typeof theirs === 'object') {
    expect(ours !== null && typeof ours === 'object', `${path} is an object`).toBe(true);
    expect(Object.keys(ours as object).sort(), `${path} keys`).toEqual(Object.keys(theirs).sort());
    for (const [k, v] of Object.entries(theirs)) compareStateDict((ours as Record<string, unknown>)[k], v, dtype, `${path}.${k}`, errors);
    return;
  }
  expect(ours, path).toEqual(theirs);
}

export function runCase(f: OptimizerFixture, c: OptimizerCase, Cls: OptimizerClass): { worst: number; stateWorst: number } {
  const problem = buildProblem(f, c.dtype);
  const optimizer = new Cls(groupsOf(f, c, problem.params), c.options);
  let worst = 0;
  c.trajectory.forEach((expected: EncodedValue[][], step) => {
    optimizer.zeroGrad();
    problem.backward();
    optimizer.step();
    problem.params.forEach((p, i) => {
      const err = relError(p, expected[i]!, c.dtype);
      if (err > RTOL[c.dtype]) throw new Error(`${c.name}: param ${i} after step ${step + 1} differs from PyTorch by ${err} (rtol ${RTOL[c.dtype]})`);
      worst = Math.max(worst, err);
    });
  });
  const errors: number[] = [];
  compareStateDict(optimizer.stateDict(), c.state_dict, c.dtype, 'stateDict', errors);
  const stateWorst = Math.max(0, ...errors);
  expect(stateWorst).toBeLessThanOrEqual(RTOL[c.dtype]);
  return { worst, stateWorst };
}

/**
 * Loads PyTorch's own state_dict() from the middle of a run into a fresh optimizer whose parameters
 * hold PyTorch's values at that step: the remaining steps must follow PyTorch's trajectory.
 */
function resumeFromTorch(f: OptimizerFixture, c: OptimizerCase, Cls: OptimizerClass): number {
  const { after_steps: after, state_dict: sd } = c.resume!;
  const problem = buildProblem(f, c.dtype);
  torch.noGrad(() => problem.params.forEach((p, i) => p.copy_(tensorFrom(c.trajectory[after - 1]![i]!, p.shape, c.dtype))));
  const optimizer = new Cls(groupsOf(f, c, problem.params), c.options);
  optimizer.loadStateDict(decodeStateDict(sd) as OptimizerStateDict);
  let worst = 0;
  for (let step = after; step < c.trajectory.length; step++) {
    optimizer.zeroGrad();
    problem.backward();
    optimizer.step();
    problem.params.forEach((p, i) => (worst = Math.max(worst, relError(p, c.trajectory[step]![i]!, c.dtype))));
  }
  return worst;
}

/** One test per fixture case; the trajectories must match PyTorch bit for bit (see README: "Exactness"). */
export function describeTrajectories(file: string, Cls: OptimizerClass): void {
  const fixture = loadFixture<OptimizerFixture>(file);
  describe(`${fixture.optimizer} against PyTorch ${fixture.torch} (${file})`, () => {
    it('has cases for every option, both float dtypes', () => {
      expect(fixture.cases.length).toBeGreaterThanOrEqual(10);
      expect(new Set(fixture.cases.map((c) => c.dtype))).toEqual(new Set(['float32', 'float64']));
    });
    for (const c of fixture.cases) {
      it(c.name, () => {
        const { worst, stateWorst } = runCase(fixture, c, Cls);
        expect(worst, 'parameters bit-identical to PyTorch').toBe(0);
        expect(stateWorst, 'state tensors bit-identical to PyTorch').toBe(0);
      });
      if (c.resume) {
        it(`${c.name}: resumes from PyTorch's state_dict() after ${c.resume.after_steps} steps`, () => {
          expect(resumeFromTorch(fixture, c, Cls)).toBe(0);
        });
      }
    }
  });
}
