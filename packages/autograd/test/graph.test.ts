// Graph behaviour, each expectation as PyTorch 1.13 gives it (the Python that checks it is quoted
// in the comments): accumulation, retainGraph, detach, grad mode, hooks, retainGrad, createGraph,
// shared subexpressions, grad(), PyTorch's errors, node names, and a long loop that keeps no graph.
import { describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import { grad } from '../src/index';
import * as torch from '@x/tensor';

type Tensor = torch.Tensor;

const scalar = (v: number) => torch.tensor(v, { dtype: 'float32', requiresGrad: true });
const values = (t: Tensor | null) => Array.from(t!.dataSync());
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('gradient accumulation', () => {
  it('adds up across backward calls until zeroed or reset', () => {
    // x = 2; (x*x).backward() twice -> x.grad == 8
    const x = scalar(2);
    x.mul(x).backward();
    expect(x.grad!.itemSync()).toBe(4);
    x.mul(x).backward();
    expect(x.grad!.itemSync()).toBe(8);
    x.grad!.zero_();
    x.mul(x).backward();
    expect(x.grad!.itemSync()).toBe(4);
    x.grad = null;
    x.mul(3).backward();
    expect(x.grad!.itemSync()).toBe(3);
  });

  it('gives .grad its own storage (not an alias of the upstream gradient)', () => {
    const x = torch.tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const g = torch.tensor([5, 6], { dtype: 'float32' });
    x.mul(1).backward(g);
    x.grad!.zero_();
    expect(values(g)).toEqual([5, 6]);
  });

  it('leaves .grad null for a tensor that received no gradient', () => {
    const x = scalar(2);
    const unused = scalar(3);
    x.mul(2).backward();
    expect(unused.grad).toBeNull();
  });
});

describe('retainGraph', () => {
  it('a second backward through freed saved tensors throws, naming retainGraph', () => {
    // y = x*x; y.backward(); y.backward() -> "Trying to backward through the graph a second time ..."
    const x = scalar(2);
    const y = x.mul(x);
    y.backward();
    expect(() => y.backward()).toThrow(/backward through the graph a second time/i);
    expect(() => y.backward()).toThrow(/retainGraph/);
  });

  it('with retainGraph the second backward works and the gradients add up', () => {
    // y.backward(retain_graph=True); y.backward() -> x.grad == 8
    const x = scalar(2);
    const y = x.mul(x);
    y.backward(undefined, { retainGraph: true });
    expect(x.grad!.itemSync()).toBe(4);
    y.backward();
    expect(x.grad!.itemSync()).toBe(8);
  });

  it('grad() frees the graph too, unless retainGraph', () => {
    const x = scalar(2);
    const y = x.mul(x);
    expect(grad(y, [x], { retainGraph: true })[0]!.itemSync()).toBe(4);
    expect(grad(y, [x])[0]!.itemSync()).toBe(4);
    expect(() => grad(y, [x])).toThrow(/second time/i);
  });
});

describe('detach and .data', () => {
  it('detach() stops the gradient: d(x * x.detach())/dx = x', () => {
    const x = scalar(2);
    const d = x.detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.isLeaf).toBe(true);
    x.mul(d).backward();
    expect(x.grad!.itemSync()).toBe(2);
  });

  it('x.data stops the gradient and shares the storage', () => {
    const x = scalar(2);
    x.mul(x.data).backward();
    expect(x.grad!.itemSync()).toBe(2);
    // x.data.add_(1) changes x without autograd noticing (no leaf in-place error)
    x.data.add_(1);
    expect(x.itemSync()).toBe(3);
    expect(x.isLeaf).toBe(true);
    expect(x.requiresGrad).toBe(true);
  });

  it('an op on a detached tensor records nothing', () => {
    const y = scalar(2).detach().mul(3);
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
  });
});

describe('grad mode', () => {
  it('noGrad records nothing; enableGrad inside it records again; the mode is restored after', () => {
    const x = scalar(2);
    expect(torch.isGradEnabled()).toBe(true);
    torch.noGrad(() => {
      expect(torch.isGradEnabled()).toBe(false);
      const a = x.mul(2);
      expect(a.requiresGrad).toBe(false);
      expect(a.gradFn).toBeNull();
      torch.enableGrad(() => {
        expect(torch.isGradEnabled()).toBe(true);
        const b = x.mul(2);
        expect(b.requiresGrad).toBe(true);
        expect(b.gradFn?.name).toBe('MulBackward0');
        torch.noGrad(() => expect(x.mul(2).requiresGrad).toBe(false));
        expect(torch.isGradEnabled()).toBe(true);
      });
      expect(torch.isGradEnabled()).toBe(false);
      expect(x.mul(2).requiresGrad).toBe(false);
    });
    expect(torch.isGradEnabled()).toBe(true);
    expect(x.mul(2).requiresGrad).toBe(true);
  });

  it('noGrad returns the function result and restores the mode when it throws', () => {
    expect(torch.noGrad(() => 42)).toBe(42);
    expect(() =>
      torch.noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(torch.isGradEnabled()).toBe(true);
  });

  it('setGradEnabled switches recording off and on', () => {
    const x = scalar(2);
    try {
      torch.setGradEnabled(false);
      expect(torch.isGradEnabled()).toBe(false);
      expect(x.mul(2).requiresGrad).toBe(false);
      // enableGrad still wins inside
      expect(torch.enableGrad(() => x.mul(2).requiresGrad)).toBe(true);
      expect(torch.isGradEnabled()).toBe(false);
    } finally {
      torch.setGradEnabled(true);
    }
    expect(torch.isGradEnabled()).toBe(true);
    expect(x.mul(2).requiresGrad).toBe(true);
  });

  it('setGradEnabled inside noGrad lasts only until noGrad returns', () => {
    torch.noGrad(() => {
      torch.setGradEnabled(true);
      expect(torch.isGradEnabled()).toBe(true);
    });
    expect(torch.isGradEnabled()).toBe(true);
    torch.enableGrad(() => torch.setGradEnabled(false));
    expect(torch.isGradEnabled()).toBe(true);
  });

  it('await noGrad(async ...) keeps the mode off across awaits without leaking it to code running meanwhile', async () => {
    const x = scalar(2);
    const seen: string[] = [];
    const offWhileWaiting = torch.noGrad(async () => {
      seen.push(`noGrad start: ${torch.isGradEnabled()}`);
      await sleep(30);
      seen.push(`noGrad after await: ${torch.isGradEnabled()}`);
      return x.mul(2);
    });
    // runs while the noGrad function awaits its timer
    const concurrent = (async () => {
      await sleep(5);
      seen.push(`concurrent: ${torch.isGradEnabled()}`);
      return x.mul(3);
    })();
    // and synchronously right after noGrad returned its promise
    expect(torch.isGradEnabled()).toBe(true);
    const now = x.mul(4);
    const [inside, meanwhile] = await Promise.all([offWhileWaiting, concurrent]);
    expect(seen).toEqual(['noGrad start: false', 'concurrent: true', 'noGrad after await: false']);
    expect(now.requiresGrad).toBe(true);
    expect(meanwhile.requiresGrad).toBe(true);
    expect(meanwhile.gradFn?.name).toBe('MulBackward0');
    expect(inside.requiresGrad).toBe(false);
    expect(torch.isGradEnabled()).toBe(true);
    meanwhile.backward();
    expect(x.grad!.itemSync()).toBe(3);
  });
});

describe('hooks', () => {
  it('a hook on a leaf changes the gradient it accumulates; remove() takes it off', () => {
    // x.register_hook(lambda g: g * 2); (x * 3).sum().backward() -> [6, 6]; after remove -> [3, 3]
    const x = torch.tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const seen: number[][] = [];
    const handle = x.registerHook((g) => {
      seen.push(values(g));
      return g.mul(2);
    });
    x.mul(3).sum().backward();
    expect(values(x.grad)).toEqual([6, 6]);
    expect(seen).toEqual([[3, 3]]);
    handle.remove();
    x.grad = null;
    x.mul(3).sum().backward();
    expect(values(x.grad)).toEqual([3, 3]);
    expect(seen).toHaveLength(1);
  });

  it('a hook that returns nothing only observes', () => {
    const x = torch.tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    let observed: number[] = [];
    x.registerHook((g) => {
      observed = values(g);
    });
    x.mul(x).sum().backward();
    expect(observed).toEqual([2, 4]);
    expect(values(x.grad)).toEqual([2, 4]);
  });

  it('a hook on a non-leaf changes the gradient that flows on to its inputs', () => {
    // y = x*3; y.register_hook(lambda g: g*10); (y*y).sum().backward() -> x.grad == [180, 360]
    const x = torch.tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const y = x.mul(3);
    const handle = y.registerHook((g) => g.mul(10));
    y.mul(y).sum().backward();
    expect(values(x.grad)).toEqual([180, 360]);
    expect(y.grad).toBeNull(); // a non-leaf keeps no .grad without retainGrad
    handle.remove();
    x.grad = null;
    const y2 = x.mul(3);
    y2.mul(y2).sum().backward();
    expect(values(x.grad)).toEqual([18, 36]);
  });

  it('hooks run in the order registered, each seeing the previous result', () => {
    const x = scalar(1);
    x.registerHook((g) => g.add(1));
    x.registerHook((g) => g.mul(10));
    x.mul(2).backward();
    expect(x.grad!.itemSync()).toBe(30);
  });

  it('registerHook on a tensor that does not require grad throws', () => {
    expect(() => torch.ones([2]).registerHook(() => undefined)).toThrow(/doesn't require gradient/);
  });
});

describe('retainGrad', () => {
  it('keeps the gradient of a non-leaf', () => {
    // y = x*3; y.retain_grad(); (y*y).sum().backward() -> y.grad == [6, 12], x.grad == [18, 36]
    const x = torch.tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const y = x.mul(3);
    expect(y.retainGrad()).toBe(y);
    y.mul(y).sum().backward();
    expect(values(y.grad)).toEqual([6, 12]);
    expect(values(x.grad)).toEqual([18, 36]);
    expect(y.grad!.requiresGrad).toBe(false);
  });

  it('accumulates across backward calls like a leaf', () => {
    const x = torch.tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const y = x.mul(3).retainGrad();
    const z = y.sum();
    z.backward(undefined, { retainGraph: true });
    z.backward();
    expect(values(y.grad)).toEqual([2, 2]);
  });

  it('sees the gradient after a hook registered before it', () => {
    // y.register_hook(lambda g: g*10); y.retain_grad(); (y*y).sum().backward() -> y.grad == [60, 120]
    const x = torch.tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const y = x.mul(3);
    y.registerHook((g) => g.mul(10));
    y.retainGrad();
    y.mul(y).sum().backward();
    expect(values(y.grad)).toEqual([60, 120]);
    expect(values(x.grad)).toEqual([180, 360]);
  });

  it('on a leaf is a no-op (leaves keep .grad anyway); without requiresGrad it throws', () => {
    const x = scalar(2);
    x.retainGrad();
    x.mul(5).backward();
    expect(x.grad!.itemSync()).toBe(5);
    expect(() => torch.ones([2]).retainGrad()).toThrow(/requiresGrad/);
  });
});

describe('createGraph: higher derivatives', () => {
  const cube = (x: Tensor) => x.mul(x).mul(x);

  it('d²/dx² of x³ at 2 is 12, through grad() twice', () => {
    // g, = torch.autograd.grad(x**3, x, create_graph=True) -> 12 (with a grad_fn); grad(g, x) -> 12
    const x = scalar(2);
    const [g] = grad(cube(x), [x], { createGraph: true });
    expect(g!.itemSync()).toBe(12);
    expect(g!.requiresGrad).toBe(true);
    expect(g!.gradFn).not.toBeNull();
    const [g2] = grad(g!, [x]);
    expect(g2!.itemSync()).toBe(12);
    expect(x.grad).toBeNull(); // grad() leaves .grad alone
  });

  it('d³/dx³ of x³ is 6', () => {
    const x = scalar(2);
    const [g] = grad(cube(x), [x], { createGraph: true });
    const [g2] = grad(g!, [x], { createGraph: true });
    expect(grad(g2!, [x])[0]!.itemSync()).toBe(6);
  });

  it('d²/dx² of x³ at 2 is 12, through backward({ createGraph }) then backward of x.grad', () => {
    // (x**3).backward(create_graph=True); g = x.grad (12); x.grad = None; g.backward() -> x.grad == 12
    const x = scalar(2);
    cube(x).backward(undefined, { createGraph: true });
    const g = x.grad!;
    expect(g.itemSync()).toBe(12);
    expect(g.requiresGrad).toBe(true);
    x.grad = null;
    g.backward();
    expect(x.grad!.itemSync()).toBe(12);
  });

  it('mixed partials: d/dy (d/dx (x² y)) = 2x', () => {
    const x = scalar(3);
    const y = scalar(5);
    const [gx] = grad(x.mul(x).mul(y), [x], { createGraph: true });
    expect(gx!.itemSync()).toBe(30); // 2xy
    expect(grad(gx!, [y])[0]!.itemSync()).toBe(6);
  });

  it('without createGraph the gradient has no history', () => {
    const x = scalar(2);
    const [g] = grad(cube(x), [x]);
    expect(g!.requiresGrad).toBe(false);
    expect(g!.gradFn).toBeNull();
  });
});

describe('shared subexpressions (diamond graphs)', () => {
  it('y = x*x + x*3 gives dy/dx = 2x + 3', () => {
    const x = scalar(2);
    x.mul(x).add(x.mul(3)).backward();
    expect(x.grad!.itemSync()).toBe(7);
  });

  it('an intermediate used twice gets both gradients before it passes them on', () => {
    // h = x*2; y = h*h + h -> dy/dx = (2h + 1) * 2 = 2*(4x+1) at x = 1.5 -> 14
    const x = scalar(1.5);
    const h = x.mul(2);
    let calls = 0;
    h.registerHook((g) => {
      calls++;
      return g;
    });
    h.mul(h).add(h).backward();
    expect(x.grad!.itemSync()).toBe(14);
    expect(calls).toBe(1); // the hook sees the summed gradient once
  });

  it('several outputs of one graph, through grad() with gradOutputs', () => {
    const x = torch.tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const a = x.mul(2);
    const b = x.mul(x);
    const [g] = grad([a, b], [x], { gradOutputs: [torch.ones([2]), torch.tensor([1, 10], { dtype: 'float32' })] });
    // 2 + 2x * [1, 10] = [4, 42]
    expect(values(g!)).toEqual([4, 42]);
  });
});

describe('grad()', () => {
  it('returns the gradients without touching .grad', () => {
    const x = scalar(2);
    const u = scalar(5);
    const [gx, gu] = grad(x.mul(u), [x, u]);
    expect(gx!.itemSync()).toBe(5);
    expect(gu!.itemSync()).toBe(2);
    expect(x.grad).toBeNull();
    expect(u.grad).toBeNull();
  });

  it('an input the output does not depend on: an error, or null with allowUnused', () => {
    // torch.autograd.grad(x*2, [x, u]) -> "One of the differentiated Tensors appears to not have been used in the graph."
    const x = scalar(2);
    const u = scalar(1);
    expect(() => grad(x.mul(2), [x, u])).toThrow(/appears to not have been used in the graph/);
    expect(() => grad(x.mul(2), [x, u])).toThrow(/allowUnused/);
    const [gx, gu] = grad(x.mul(2), [x, u], { allowUnused: true });
    expect(gx!.itemSync()).toBe(2);
    expect(gu).toBeNull();
  });

  it('takes a gradient for a non-scalar output, and a non-leaf input', () => {
    const x = torch.tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
    const h = x.mul(2);
    const y = h.mul(h);
    const [gh] = grad(y, [h], { gradOutputs: torch.onesLike(y) });
    expect(values(gh!)).toEqual([4, 8, 12]);
    expect(() => grad(y, [x])).toThrow(/grad can be implicitly created only for scalar outputs/);
  });
});

describe("errors, with PyTorch's messages", () => {
  it('backward on a non-scalar without a gradient', () => {
    const y = torch.ones([3], { requiresGrad: true }).mul(2);
    expect(() => y.backward()).toThrow(/grad can be implicitly created only for scalar outputs/);
  });

  it('backward with a gradient of the wrong shape', () => {
    const y = torch.ones([3], { requiresGrad: true }).mul(2);
    expect(() => y.backward(torch.ones([2]))).toThrow(/mismatch in shape/i);
  });

  it('backward on a tensor that does not require grad', () => {
    // torch.ones(3).sum().backward() -> "element 0 of tensors does not require grad and does not have a grad_fn"
    expect(() => torch.ones([3]).sum().backward()).toThrow(/element 0 of tensors does not require grad and does not have a grad_fn/);
    const x = scalar(2);
    expect(() => torch.noGrad(() => x.mul(2)).backward()).toThrow(/does not require grad/);
  });

  it('an in-place op on a leaf that requires grad', () => {
    // a = torch.ones(3, requires_grad=True); a.add_(1) -> "a leaf Variable that requires grad is being used in an in-place operation."
    const a = torch.ones([3], { requiresGrad: true });
    expect(() => a.add_(1)).toThrow(/a leaf Variable that requires grad is being used in an in-place operation/);
    expect(() => a.mul_(2)).toThrow(/leaf Variable/);
    expect(values(a)).toEqual([1, 1, 1]); // refused before writing
    // allowed under noGrad, as an optimizer step does it; the tensor stays a leaf
    torch.noGrad(() => a.add_(1));
    expect(values(a)).toEqual([2, 2, 2]);
    expect(a.isLeaf).toBe(true);
    expect(a.gradFn).toBeNull();
  });

  it('a tensor saved for backward and modified in place before it', () => {
    // b = a*2; c = b*b; b.add_(1); c.sum().backward() -> "one of the variables needed for gradient
    // computation has been modified by an inplace operation: ... is at version 1; expected version 0 instead."
    const a = torch.ones([3], { requiresGrad: true });
    const b = a.mul(2);
    const c = b.mul(b);
    b.add_(1);
    expect(() => c.sum().backward()).toThrow(/one of the variables needed for gradient computation has been modified by an inplace operation/);
    expect(() => c.sum().backward()).toThrow(/is at version 1; expected version 0 instead/);
  });

  it('an in-place op on a non-leaf that no backward saved is fine and recorded', () => {
    // b = a*2; c = b + b; b.add_(1); c.sum().backward() -> a.grad == [4, 4, 4]
    const a = torch.ones([3], { requiresGrad: true });
    const b = a.mul(2);
    const c = b.add(b);
    b.add_(1);
    c.sum().backward();
    expect(values(a.grad)).toEqual([4, 4, 4]);
  });

  it("an in-place op on a non-leaf moves the result's history through it", () => {
    // b = a*2; b.add_(1); b.sum().backward() -> a.grad == [2, 2, 2]; b.grad_fn is AddBackward0
    const a = torch.ones([3], { requiresGrad: true });
    const b = a.mul(2);
    b.add_(1);
    expect(b.gradFn?.name).toBe('AddBackward0');
    expect(values(b)).toEqual([3, 3, 3]);
    b.sum().backward();
    expect(values(a.grad)).toEqual([2, 2, 2]);
  });

  it('integer and bool tensors cannot require grad', () => {
    // torch.tensor([1, 2]).requires_grad_() -> "only Tensors of floating point dtype can require gradients"
    // (torch.tensor([1, 2], { requiresGrad: true }) infers float32 here: JS cannot tell 1.0 from 1)
    expect(() => torch.tensor([1, 2], { dtype: 'int64', requiresGrad: true })).toThrow(/only Tensors of floating point dtype can require gradients/i);
    expect(() => torch.tensor([1, 2], { dtype: 'int32' }).requiresGrad_()).toThrow(/floating point/);
    expect(() => torch.tensor([true, false]).requiresGrad_()).toThrow(/floating point/);
    expect(() => torch.zeros([2], { dtype: 'int64', requiresGrad: true })).toThrow(/floating point/);
  });

  it('requiresGrad_(false) on a non-leaf', () => {
    const y = scalar(2).mul(2);
    expect(() => y.requiresGrad_(false)).toThrow(/leaf/);
  });
});

describe('gradFn and isLeaf', () => {
  it("names nodes like PyTorch's grad_fn", () => {
    // (a*2).grad_fn.name() -> MulBackward0, and so on
    const a = torch.ones([2], { requiresGrad: true });
    const A = torch.ones([2, 2], { requiresGrad: true });
    expect(a.mul(2).gradFn?.name).toBe('MulBackward0');
    expect(a.add(2).gradFn?.name).toBe('AddBackward0');
    expect(a.sub(1).gradFn?.name).toBe('SubBackward0');
    expect(a.div(2).gradFn?.name).toBe('DivBackward0');
    expect(a.sum().gradFn?.name).toBe('SumBackward0');
    expect(a.sum(0).gradFn?.name).toBe('SumBackward1'); // the dim overload
    expect(a.view(2, 1).gradFn?.name).toBe('ViewBackward0');
    expect(A.matmul(A).gradFn?.name).toBe('MmBackward0');
    expect(A.permute(1, 0).gradFn?.name).toBe('PermuteBackward0');
    expect(A.expand(2, 2, 2).gradFn?.name).toBe('ExpandBackward0');
    expect(A.to('float64').gradFn?.name).toBe('ToCopyBackward0');
  });

  it('leaves: created tensors (tracked or not), detached ones; non-leaves: results of tracked ops', () => {
    const a = torch.ones([2], { requiresGrad: true });
    expect(a.isLeaf).toBe(true);
    expect(a.gradFn).toBeNull();
    expect(torch.ones([2]).isLeaf).toBe(true);
    expect(a.detach().isLeaf).toBe(true);
    const y = a.mul(2);
    expect(y.isLeaf).toBe(false);
    expect(y.requiresGrad).toBe(true);
    // an op without tracked inputs gives a leaf that does not require grad
    const z = torch.ones([2]).mul(2);
    expect(z.isLeaf).toBe(true);
    expect(z.requiresGrad).toBe(false);
  });

  it('integer results of tracked inputs are not tracked', () => {
    const a = torch.tensor([1.5, -2], { requiresGrad: true });
    const m = a.gt(0);
    expect(m.requiresGrad).toBe(false);
    expect(m.gradFn).toBeNull();
    expect(a.argmax().requiresGrad).toBe(false);
  });
});

describe('a 10,000-step training loop', () => {
  // y = 2x + 1 with raw tensors: forward, backward, a manual SGD step under noGrad, zeroed grads.
  const gc = (globalThis as { gc?: () => void }).gc;
  const heapMB = () => process.memoryUsage().heapUsed / 2 ** 20;

  function regression() {
    const X = torch.tensor([[1], [2], [3], [4]], { dtype: 'float32' });
    const Y = X.mul(2).add(1);
    const w = torch.zeros([1, 1], { requiresGrad: true });
    const b = torch.zeros([1], { requiresGrad: true });
    const step = (): Tensor => {
      const err = X.matmul(w).add(b).sub(Y);
      const loss = err.mul(err).mean();
      loss.backward();
      torch.noGrad(() => {
        w.sub_(w.grad!.mul(0.05));
        b.sub_(b.grad!.mul(0.05));
      });
      w.grad!.zero_();
      b.grad!.zero_();
      return loss;
    };
    return { w, b, step };
  }

  it('converges, keeps the parameters leaves, frees every step and keeps memory flat', () => {
    const { w, b, step } = regression();
    for (let i = 0; i < 2000; i++) {
      const loss = step();
      if (i % 500 === 0) {
        // what could chain one step's graph to the next: history on a parameter or on its .grad
        expect(w.isLeaf && b.isLeaf).toBe(true);
        expect(w.grad!.gradFn).toBeNull();
        expect(w.grad!.requiresGrad).toBe(false);
        // the step's saved tensors are already released
        expect(() => loss.backward()).toThrow(/second time/);
      }
    }
    // The lowest heapUsed over a window of 1,000 steps is what survives a young-generation GC:
    // flat within 1 MB without a leak, while retaining each step's graph (5 to 8 KB here) adds 5 to 8 MB a window.
    const low = () => {
      let m = Infinity;
      for (let i = 0; i < 1000; i++) {
        step();
        m = Math.min(m, heapMB());
      }
      return m;
    };
    const first = low(); // steps 2,000 to 2,999
    gc?.();
    const forcedBefore = heapMB();
    for (let i = 0; i < 6000; i++) step();
    const last = low(); // steps 9,000 to 9,999
    expect(last - first).toBeLessThan(6);
    if (gc) {
      // with NODE_OPTIONS=--expose-gc: the live heap after a full GC, from step 3,000 to 10,000
      gc();
      expect(heapMB() - forcedBefore).toBeLessThan(4);
    }
    expect(w.itemSync()).toBeCloseTo(2, 4);
    expect(b.itemSync()).toBeCloseTo(1, 4);
  }, 180_000); // ~4 s alone; a loaded 2-core machine has taken 40 s

  it.runIf(gc !== undefined)('an early step’s loss and graph are garbage-collected (needs NODE_OPTIONS=--expose-gc)', async () => {
    const { step } = regression();
    let early: { loss: WeakRef<Tensor>; node: WeakRef<object> } | null = null;
    for (let i = 0; i < 10_000; i++) {
      const loss = step();
      if (i === 10) early = { loss: new WeakRef(loss), node: new WeakRef(loss.gradFn!) };
    }
    // WeakRef targets stay alive until the current job ends: let it end, then collect
    await sleep(0);
    gc!();
    expect(early!.loss.deref()).toBeUndefined();
    expect(early!.node.deref()).toBeUndefined();
  });
});
