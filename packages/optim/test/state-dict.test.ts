// stateDict()/loadStateDict(): 3 steps, save, a new optimizer loads, 3 more steps == 6 straight steps
// bit for bit (every optimizer, every option set of the fixtures); PyTorch's layout; copies and casts.
import { describe, expect, it } from 'vitest';
import * as torch from '@x/tensor';
import * as optim from '../src/index';
import type { OptimizerStateDict } from '../src/index';
import { buildProblem, groupsOf, loadFixture, type OptimizerClass, type OptimizerFixture } from './fixtures';

type Saved = { tensor: { dtype: torch.DType; shape: number[]; data: number[] } } | Saved[] | { [k: string]: Saved } | number | string | boolean | null;

/** What a save to disk and a load back does: tensors become plain data and new tensors again. */
function saveAndLoad(sd: OptimizerStateDict): OptimizerStateDict {
  const save = (v: unknown): Saved => {
    if (torch.isTensor(v)) return { tensor: { dtype: v.dtype, shape: [...v.shape], data: Array.from(v.contiguous().dataSync(), Number) } };
    if (Array.isArray(v)) return v.map(save);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, save(x)]));
    return v as Saved;
  };
  const load = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(load);
    if (v !== null && typeof v === 'object') {
      if ('tensor' in v) {
        const t = (v as { tensor: { dtype: torch.DType; shape: number[]; data: number[] } }).tensor;
        return torch.tensor(t.data, { dtype: t.dtype }).reshape(t.shape);
      }
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, load(x)]));
    }
    return v;
  };
  return load(JSON.parse(JSON.stringify(save(sd)))) as OptimizerStateDict;
}

const values = (ts: torch.Tensor[]) => ts.map((t) => Array.from(t.dataSync()));

const OPTIMIZERS: [string, OptimizerClass][] = [
  ['sgd.json', optim.SGD as unknown as OptimizerClass],
  ['adam.json', optim.Adam as unknown as OptimizerClass],
  ['adamw.json', optim.AdamW as unknown as OptimizerClass],
  ['rmsprop.json', optim.RMSprop as unknown as OptimizerClass],
];

describe('resuming from a state dict gives the trajectory of not stopping, bit for bit', () => {
  for (const [file, Cls] of OPTIMIZERS) {
    const f = loadFixture<OptimizerFixture>(file);
    for (const c of f.cases) {
      it(`${c.name}: 3 steps + save + load + 3 steps == 6 steps`, () => {
        const straight = buildProblem(f, c.dtype);
        const ref = new Cls(groupsOf(f, c, straight.params), c.options);
        for (let i = 0; i < 6; i++) {
          ref.zeroGrad();
          straight.backward();
          ref.step();
        }

        const first = buildProblem(f, c.dtype);
        const a = new Cls(groupsOf(f, c, first.params), c.options);
        for (let i = 0; i < 3; i++) {
          a.zeroGrad();
          first.backward();
          a.step();
        }
        const saved = saveAndLoad(a.stateDict());

        const second = buildProblem(f, c.dtype);
        torch.noGrad(() => second.params.forEach((p, i) => p.copy_(first.params[i]!)));
        const b = new Cls(groupsOf(f, c, second.params), { ...c.options, lr: 123 }); // the saved lr wins
        b.loadStateDict(saved);
        for (let i = 0; i < 3; i++) {
          b.zeroGrad();
          second.backward();
          b.step();
        }
        expect(values(second.params)).toEqual(values(straight.params));
        expect(saveAndLoad(b.stateDict())).toEqual(saveAndLoad(ref.stateDict()));
      });
    }
  }
});

describe("stateDict() in PyTorch's layout", () => {
  const setup = () => {
    const w = torch.tensor([[1, 2], [3, 4]], { dtype: 'float32', requiresGrad: true });
    const b = torch.tensor([0.5, -0.5], { requiresGrad: true });
    const frozen = torch.tensor([1, 1], { dtype: 'float32', requiresGrad: true });
    const run = (opt: optim.Optimizer) => {
      opt.zeroGrad();
      w.mul(w).sum().add(b.mul(3).sum()).backward();
      opt.step();
    };
    return { w, b, frozen, run };
  };

  it('numbers parameters over all groups, keeps state only for those that had a gradient', () => {
    const { w, b, frozen, run } = setup();
    const opt = new optim.Adam([{ params: [w] }, { params: [frozen, b], lr: 0.1 }], { weightDecay: 0.01 });
    run(opt);
    const sd = opt.stateDict();
    expect(Object.keys(sd.state)).toEqual(['0', '2']);
    expect(Object.keys(sd.state[0]!)).toEqual(['step', 'exp_avg', 'exp_avg_sq']);
    expect(sd.state[0]!.step).toBe(1);
    expect(sd.param_groups).toEqual([
      { lr: 0.001, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0.01, amsgrad: false, maximize: false, foreach: null, capturable: false, differentiable: false, fused: false, params: [0] },
      { lr: 0.1, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0.01, amsgrad: false, maximize: false, foreach: null, capturable: false, differentiable: false, fused: false, params: [1, 2] },
    ]);
  });

  it('holds the optimizer’s own state tensors, as PyTorch (not copies)', () => {
    const { w, run } = setup();
    const opt = new optim.Adam([w]);
    run(opt);
    expect(opt.stateDict().state[0]!.exp_avg).toBe(opt.state.get(w)!.exp_avg);
  });

  it('SGD keeps momentum_buffer: null without momentum, as PyTorch keeps None', () => {
    const { w, b, run } = setup();
    const opt = new optim.SGD([w, b], { lr: 0.1 });
    run(opt);
    expect(opt.stateDict().state).toEqual({ 0: { momentum_buffer: null }, 1: { momentum_buffer: null } });
    const sgdm = new optim.SGD([w], { lr: 0.1, momentum: 0.9 });
    run(sgdm);
    expect(torch.isTensor(sgdm.stateDict().state[0]!.momentum_buffer)).toBe(true);
  });

  it('RMSprop keeps step, square_avg, momentum_buffer and grad_avg as PyTorch', () => {
    const { w, run } = setup();
    const opt = new optim.RMSprop([w], { momentum: 0.5, centered: true });
    run(opt);
    expect(Object.keys(opt.stateDict().state[0]!)).toEqual(['step', 'square_avg', 'momentum_buffer', 'grad_avg']);
    expect(opt.stateDict().param_groups[0]).toEqual({
      lr: 0.01, alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0.5, centered: true, maximize: false, foreach: null, differentiable: false, params: [0],
    });
  });

  it('keeps extra group keys, snake_case in the dict and camelCase in the group', () => {
    const { w } = setup();
    const opt = new optim.SGD([{ params: [w], layerName: 'encoder' }], { lr: 0.1 });
    const sd = opt.stateDict();
    expect(sd.param_groups[0]!.layer_name).toBe('encoder');
    const again = new optim.SGD([{ params: [w] }], { lr: 0.2 });
    again.loadStateDict(sd);
    expect(again.paramGroups[0]!.layerName).toBe('encoder');
    expect(again.paramGroups[0]!.lr).toBe(0.1);
    expect('foreach' in again.paramGroups[0]!).toBe(false);
  });
});

describe('loadStateDict', () => {
  const make = () => {
    const w = torch.tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
    const opt = new optim.Adam([w], { lr: 0.1 });
    opt.zeroGrad();
    w.mul(w).sum().backward();
    opt.step();
    return { w, opt };
  };

  it("copies the saved tensors: later changes to the dict do not reach the optimizer", () => {
    const { opt } = make();
    const sd = opt.stateDict();
    const w2 = torch.tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
    const opt2 = new optim.Adam([w2]);
    opt2.loadStateDict(sd);
    const loaded = opt2.state.get(w2)!.exp_avg;
    expect(loaded).not.toBe(sd.state[0]!.exp_avg);
    expect(loaded.equal(sd.state[0]!.exp_avg as torch.Tensor)).toBe(true);
    (sd.state[0]!.exp_avg as torch.Tensor).zero_();
    expect(loaded.abs().sum().itemSync()).toBeGreaterThan(0);
  });

  it("casts floating state to the parameter's dtype, and a 0-d step tensor (PyTorch 1.13's Adam) to a number", () => {
    const w = torch.tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const opt = new optim.Adam([w]);
    opt.loadStateDict({
      state: { 0: { step: torch.tensor(5, { dtype: 'float32' }), exp_avg: torch.tensor([0.1, 0.2], { dtype: 'float64' }), exp_avg_sq: torch.tensor([1, 2], { dtype: 'float64' }) } },
      param_groups: [{ lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false, maximize: false, foreach: null, capturable: false, differentiable: false, fused: false, params: [0] }],
    });
    const st = opt.state.get(w)!;
    expect(st.step).toBe(5);
    expect(st.exp_avg.dtype).toBe('float32');
    expect(opt.paramGroups[0]!.lr).toBe(0.01);
    expect(opt.paramGroups[0]!.weightDecay).toBe(0);
  });

  it('fills options a saved group lacks from the defaults (an older PyTorch dict)', () => {
    const { w } = make();
    const opt = new optim.Adam([w], { amsgrad: false });
    opt.loadStateDict({ state: {}, param_groups: [{ lr: 0.5, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false, params: [0] }] });
    expect(opt.paramGroups[0]!.maximize).toBe(false);
    expect(opt.paramGroups[0]!.lr).toBe(0.5);
  });

  it("refuses a dict that does not fit, with PyTorch's messages", () => {
    const { w, opt } = make();
    const sd = opt.stateDict();
    const two = new optim.Adam([{ params: [w] }, { params: [torch.zeros([1], { requiresGrad: true })] }]);
    expect(() => two.loadStateDict(sd)).toThrow(/loaded state dict has a different number of parameter groups \(1, the optimizer has 2\)/);
    const bigger = new optim.Adam([w, torch.zeros([1], { requiresGrad: true })]);
    expect(() => bigger.loadStateDict(sd)).toThrow(/loaded state dict contains a parameter group that doesn't match the size of optimizer's group/);
    expect(() => opt.loadStateDict({ state: { 7: {} }, param_groups: sd.param_groups })).toThrow(/state for parameter 7, which none of its param_groups lists/);
    expect(() => opt.loadStateDict({} as OptimizerStateDict)).toThrow(/expected \{ state, param_groups \}/);
    expect(() => opt.loadStateDict({ state: {}, param_groups: [{ ...sd.param_groups[0]!, lr: -1 }] })).toThrow(/Invalid learning rate: -1/);
  });
});
