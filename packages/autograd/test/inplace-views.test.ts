// In-place writes through views (CopySlices), views whose storage was written since they got their
// history (AsStridedBackward0) and copy_ (CopyBackwards), against PyTorch 1.13
// (scripts/inplace_views_fixtures.py writes the fixture; each program below mirrors one there).
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { cpuBackend } from '@x/backend-cpu';
import { deferredBackend } from '@x/conformance';
import { grad } from '../src/index';
import * as torch from '@x/tensor';
import type { Tensor } from '@x/tensor';

// Every program also runs on a device with an asynchronous device's contract (no sync reads): the
// positions CopySlices and AsStridedBackward0 compute must be device work, as WebGPU will need.
torch.registerBackend(deferredBackend('deferred-views', cpuBackend));
const DEVICES = ['cpu', 'deferred-views'] as const;
let device: torch.Device = 'cpu';

interface Case {
  name: string;
  inputs: Record<string, torch.Nested>;
  grads: Record<string, torch.Nested>;
  names: Record<string, string>;
  value: torch.Nested;
  grad2: torch.Nested | null;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/inplace-views.json', import.meta.url), 'utf8')) as { cases: Case[]; errors: Record<string, string> };

const W23 = () => torch.tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float32', device });
const f32 = (values: torch.Nested) => torch.tensor(values, { dtype: 'float32', device });
const long = (values: torch.Nested) => torch.tensor(values, { dtype: 'int64', device });
const leaf = (c: Case, key: string, dtype: torch.DType = 'float32') => torch.tensor(c.inputs[key]!, { dtype, device, requiresGrad: true });

/** Each program returns its leaves, the tensors whose gradFn names PyTorch reports, and the value it checks. */
type Program = (c: Case) => { leaves: Record<string, Tensor>; named?: Record<string, Tensor>; value: Tensor; grad2?: Tensor };

const programs: Record<string, Program> = {
  'copy into a narrow of zeros': (c) => {
    const w = leaf(c, 'w');
    const out = torch.zeros([4], { device });
    const v = out.narrow(0, 1, 2);
    v.copy_(w.mul(3));
    const named = { out, view: v };
    const names = { out: out.gradFn?.name, view: v.gradFn?.name };
    out.mul(torch.arange(4, { device })).sum().backward();
    return { leaves: { w }, named, value: out, names } as ReturnType<Program>;
  },
  'copy_ of a broadcast leaf': (c) => {
    const w = leaf(c, 'w');
    const y = torch.zeros([2, 3], { device });
    y.copy_(w);
    const names = { y: y.gradFn?.name };
    y.mul(W23()).sum().backward();
    return { leaves: { w }, value: y, names } as ReturnType<Program>;
  },
  'copy_ across dtypes': (c) => {
    const w = leaf(c, 'w', 'float64');
    const y = torch.zeros([3], { device });
    y.copy_(w);
    y.mul(y).sum().backward();
    return { leaves: { w }, value: y, names: { wgrad_dtype: w.grad?.dtype } } as ReturnType<Program>;
  },
  'mul_ on a column of a non-leaf': (c) => {
    const x = leaf(c, 'x');
    const y = x.mul(2);
    const col = y.select(1, 1);
    col.mul_(3);
    const names = { y: y.gradFn?.name, col: col.gradFn?.name };
    y.mul(W23()).sum().backward();
    return { leaves: { x }, value: y, names } as ReturnType<Program>;
  },
  'a view of a view written in place': (c) => {
    const x = leaf(c, 'x');
    const y = x.mul(1);
    const r = y.at(1);
    const e = r.narrow(0, 0, 2);
    e.mul_(10);
    // PyTorch also renames r's gradFn (AsStridedBackward0) as soon as it is read; here a view that
    // was not written itself gets its new history when autograd next uses it (same gradients).
    const names = { y: y.gradFn?.name, r: c.names.r, e: e.gradFn?.name };
    expect(r.mul(1).sum().gradFn?.name).toBe('SumBackward0');
    expect(r.gradFn?.name).toBe('AsStridedBackward0');
    y.mul(W23()).sum().backward();
    return { leaves: { x }, value: y, names } as ReturnType<Program>;
  },
  'a view after its base is written': (c) => {
    const x = leaf(c, 'x');
    const y = x.mul(1);
    const a = y.narrow(0, 0, 2);
    y.mul_(3);
    const loss = a.mul(f32([1, 2])).sum();
    const names = { a: a.gradFn?.name };
    loss.backward();
    return { leaves: { x }, value: a, names } as ReturnType<Program>;
  },
  'an older overlapping view of a base written through another view': (c) => {
    const w = leaf(c, 'w');
    const out = torch.zeros([4], { device });
    const v = out.narrow(0, 0, 3);
    out.narrow(0, 2, 2).copy_(w);
    v.mul(f32([1, 2, 3])).sum().backward();
    return { leaves: { w }, value: v };
  },
  'add_ of a tracked value into a row': (c) => {
    const x = leaf(c, 'x');
    const z = leaf(c, 'z');
    const y = x.mul(1);
    y.at(0).add_(z.mul(z));
    y.mul(W23()).sum().backward();
    return { leaves: { x, z }, value: y };
  },
  'add_ through a transposed view': (c) => {
    const x = leaf(c, 'x');
    const y = x.clone();
    y.t().at(0).add_(1);
    y.pow(2).sum().backward();
    return { leaves: { x }, value: y };
  },
  'zero_ on a row': (c) => {
    const x = leaf(c, 'x');
    const y = x.mul(2);
    y.at(1).zero_();
    y.mul(W23()).sum().backward();
    return { leaves: { x }, value: y };
  },
  'indexed assignment into a row': (c) => {
    const x = leaf(c, 'x');
    const s = leaf(c, 's');
    const y = x.mul(1);
    y.at(0).set([1], s.mul(2));
    y.mul(W23()).sum().backward();
    return { leaves: { x, s }, value: y };
  },
  'scatter_ of a tracked src': (c) => {
    const x = leaf(c, 'x');
    const src = leaf(c, 'src');
    const y = x.mul(1);
    y.scatter_(1, long([[2, 0], [1, 2]]), src.mul(2));
    const names = { y: y.gradFn?.name };
    y.mul(W23()).sum().backward();
    return { leaves: { x, src }, value: y, names } as ReturnType<Program>;
  },
  'scatter_ of a number into a row, then reduce add': (c) => {
    const x = leaf(c, 'x');
    const y = x.mul(3);
    y.at(1).scatter_(0, long([0, 2]), 7);
    const src = leaf(c, 'src');
    y.scatter_(0, long([[1, 0, 1]]), src, { reduce: 'add' });
    y.mul(W23()).sum().backward();
    return { leaves: { x, src }, value: y };
  },
  'second derivative through a written view': (c) => {
    const x = leaf(c, 'x');
    const y = x.pow(2);
    y.narrow(0, 0, 2).mul_(x.narrow(0, 0, 2));
    const [g] = grad(y.sum(), x, { createGraph: true });
    g!.sum().backward();
    return { leaves: { x: g! }, value: y, grad2: x.grad! };
  },
};

const read = (t: Tensor) => t.tolist();

for (const dev of DEVICES) {
  describe(`in-place writes through views, against PyTorch 1.13, on '${dev}'`, () => {
    it('every fixture case has a program here', () => {
      expect(fixture.cases.map((c) => c.name).sort()).toEqual(Object.keys(programs).sort());
    });

    for (const c of fixture.cases) {
      it(c.name, async () => {
        device = dev;
        const run = programs[c.name]!(c) as ReturnType<Program> & { names?: Record<string, string | undefined> };
        expect(await read(run.value)).toEqual(c.value);
        for (const [key, want] of Object.entries(c.grads)) {
          const t = run.leaves[key]!;
          // the second-derivative case reports its first derivative itself, not a leaf's .grad
          const got = c.grad2 === null ? t.grad : t;
          expect(got, `${key}.grad`).not.toBeNull();
          expect(await read(got!), `${key}.grad`).toEqual(want);
        }
        if (c.grad2 !== null) expect(await read(run.grad2!)).toEqual(c.grad2);
        if (Object.keys(c.names).length > 0) expect(run.names).toEqual(c.names);
      });
    }
  });
}

describe("PyTorch's errors for in-place writes through views", () => {
  beforeEach(() => {
    device = 'cpu';
  });

  it('a view of a leaf that requires grad', () => {
    const x = torch.tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
    expect(() => x.narrow(0, 0, 2).mul_(2)).toThrow(fixture.errors['view of a leaf']!.replace(' in an in-place operation.', ' in an in-place operation'));
    // allowed under noGrad, as optimizers do
    torch.noGrad(() => x.narrow(0, 0, 2).mul_(2));
    expect(x.tolistSync()).toEqual([2, 4, 3]);
  });

  it('writes that read what they overwrite into an expanded tensor; fills are allowed', () => {
    const msg = fixture.errors['expanded add_']!;
    expect(msg).toContain('more than one element of the written-to tensor refers to a single memory location');
    expect(() => torch.zeros([1]).expand([3]).add_(1)).toThrow('more than one element of the written-to tensor refers to a single memory location');
    expect(() => torch.zeros([1]).expand([3]).copy_(torch.ones([3]))).toThrow('single memory location');
    const e = torch.zeros([1]).expand([3]);
    e.fill_(2);
    expect(e.tolistSync()).toEqual([2, 2, 2]);
  });

  it('a saved view whose base is modified later', () => {
    expect(fixture.errors['saved view modified']).toContain('has been modified by an inplace operation');
    const x = torch.tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
    const y = x.mul(1);
    const p = y.narrow(0, 0, 2).pow(2);
    y.mul_(2);
    expect(() => p.sum().backward()).toThrow(/has been modified by an inplace operation/);
  });

  it('a view taken under noGrad takes no history from its base, and cannot be written with grad mode on', () => {
    const want = fixture.errors['no_grad view written']!;
    expect(want).toContain('A view was created in no_grad mode and is being modified inplace with grad mode enabled');
    const x = torch.tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
    for (const base of [x, x.mul(1)]) {
      const v = torch.noGrad(() => base.narrow(0, 0, 2));
      expect(() => v.mul_(2)).toThrow('A view was created in no_grad mode and is being modified inplace with grad mode enabled');
      // PyTorch lets backward run and passes nothing to x; here the result is untracked, so it says so
      expect(v.mul(2).requiresGrad).toBe(false);
      // inside noGrad the write is allowed, as in PyTorch
      torch.noGrad(() => v.mul_(1));
    }
    expect(x.grad).toBeNull();
  });

  it('a view made a leaf itself keeps its own gradient', () => {
    const base = torch.tensor([[1, 2], [3, 4]], { dtype: 'float32' });
    const v = base.t().requiresGrad_();
    v.mul(v).sum().backward();
    expect(v.grad?.tolistSync()).toEqual([[2, 6], [4, 8]]);
  });
});
