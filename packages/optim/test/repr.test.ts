// String(optimizer) against PyTorch 1.13's print(optimizer): snake_case option names, Python's values
// (False, None, 1e-08, (0.9, 0.999)), the options only PyTorch has (foreach, differentiable...),
// initial_lr once a scheduler is attached, one block per parameter group.
import { describe, expect, it } from 'vitest';
import * as torch from '@x/tensor';
import * as optim from '../src/index';
import { loadFixture, type OptimizerClass } from './fixtures';

interface ReprCase {
  name: string;
  optimizer: string;
  options: Record<string, unknown>;
  group_options: Record<string, unknown> | null;
  scheduled: boolean;
  repr: string;
}

const fixture = loadFixture<{ torch: string; cases: ReprCase[] }>('repr.json');

describe(`print(optimizer) as PyTorch ${fixture.torch}`, () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const groups: { params: torch.Tensor[]; [k: string]: unknown }[] = [{ params: [torch.zeros([2], { requiresGrad: true })] }];
      if (c.group_options) groups.push({ params: [torch.zeros([1], { requiresGrad: true })], ...c.group_options });
      const Cls = (optim as unknown as Record<string, OptimizerClass>)[c.optimizer]!;
      const opt = new Cls(groups, c.options);
      if (c.scheduled) new optim.lrScheduler.StepLR(opt, 2);
      expect(String(opt)).toBe(c.repr);
    });
  }
});
