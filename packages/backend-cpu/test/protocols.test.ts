// JavaScript's protocols on tensors (for...of over dim 0, one-element tensors as numbers), the
// device query, and what an asynchronous device says instead of reading synchronously. Values are
// PyTorch 1.13's (`for row in x`, `float(t)`, `torch.where(c)`); the conformance families `protocols`
// and `index-lists` check the same against generated goldens.
import { describe, expect, it } from 'vitest';
import { cpuBackend } from '../src/index';
import * as torch from '@x/tensor';
import { deferredBackend } from '@x/conformance';

torch.registerBackend(deferredBackend('deferred-protocols', cpuBackend));
const onDeferred = { device: 'deferred-protocols' } as const;

describe('for (const row of x)', () => {
  it('walks dim 0 lazily, as views of x', () => {
    const x = torch.arange(6).reshape(3, 2);
    const rows = [...x];
    expect(rows.map((r) => r.tolistSync())).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(rows.every((r) => r.storage === x.storage)).toBe(true);
    rows[1]!.fill_(9);
    expect(x.tolistSync()).toEqual([[0, 1], [9, 9], [4, 5]]);
    const [first, ...rest] = torch.tensor([1.5, 2.5]);
    expect([first!.ndim, Number(first), rest.length]).toEqual([0, 1.5, 1]);
  });

  it('a 0-d tensor has no iterator: a TypeError, as in PyTorch (JavaScript words it "is not iterable")', () => {
    const scalar = torch.tensor(3);
    expect(() => [...scalar]).toThrow(TypeError);
    expect(() => [...scalar]).toThrow(/is not iterable/);
    expect(Symbol.iterator in torch.tensor([1])).toBe(true);
    expect(scalar[Symbol.iterator]).toBeUndefined();
  });

  it("test frameworks' deep equality still works on tensors (it walks iterables, and 0-d tensors are not)", () => {
    expect(torch.tensor(3)).toEqual(torch.tensor(3));
    expect(torch.tensor([[1, 2], [3, 4]])).toEqual(torch.tensor([[1, 2], [3, 4]]));
    expect(torch.tensor([1, 2])).not.toEqual(torch.tensor([1, 3]));
    expect(torch.tensor(3)).not.toBe(torch.tensor(3));
  });
});

describe('one-element tensors as numbers', () => {
  it('+t, Number(t), comparisons and += read the value; bool is 0 or 1', () => {
    const loss = torch.tensor(0.25, { dtype: 'float64' });
    let running = 0;
    running += loss as unknown as number;
    running += loss as unknown as number;
    expect(running).toBe(0.5);
    expect(+torch.tensor([[7]])).toBe(7);
    expect(Number(torch.tensor(true))).toBe(1);
    expect((torch.tensor(0.75) as unknown as number) > 0.5).toBe(true);
    const classes = ['cat', 'dog', 'bird'];
    expect(classes[+torch.tensor(2)]).toBe('bird');
    expect(Math.max(torch.tensor(3) as unknown as number, 1)).toBe(3);
  });

  it('printing is unchanged: String(t) and template literals give the printed form', () => {
    const t = torch.tensor(3);
    expect(String(t)).toBe('tensor(3)');
    expect(`${torch.tensor([1, 2])}`).toBe('tensor([1, 2])');
  });

  it('a tensor of several elements is a TypeError, as PyTorch\'s "only one element tensors"', () => {
    expect(() => +torch.zeros(2, 3)).toThrow(TypeError);
    expect(() => +torch.zeros(2, 3)).toThrow(/^only one element tensors can be converted to numbers, but this one has shape \[2, 3\] \(6 elements\)/);
  });

  it('on an asynchronous device: a TypeError that says to await t.item(); printing still works', async () => {
    const t = torch.tensor(2.5, onDeferred);
    expect(() => +t).toThrow(TypeError);
    expect(() => +t).toThrow("a tensor on device 'deferred-protocols' cannot be read synchronously, so it cannot be used as a number here: use await t.item()");
    expect(String(t)).toContain("on 'deferred-protocols'");
    expect(await t.item()).toBe(2.5);
  });
});

describe('data-dependent sizes on an asynchronous device', () => {
  it('torch.where(condition) and nonzero({ asTuple }) name their async form; index lists of integers work synchronously', async () => {
    const c = torch.tensor([[true, false], [false, true]], onDeferred);
    expect(() => torch.where(c)).toThrow("torch.where(condition) needs the data of condition: use await condition.nonzeroAsync({ asTuple: true }) on device 'deferred-protocols'");
    expect(() => c.nonzero({ asTuple: true })).toThrow('use await x.nonzeroAsync({ asTuple: true })');
    const [rows, cols] = await c.nonzeroAsync({ asTuple: true });
    expect([await rows!.tolist(), await cols!.tolist()]).toEqual([[0, 1], [0, 1]]);
    const x = torch.arange(6, onDeferred).reshape(2, 3);
    expect(await x.at([1, 0], [2, 0]).tolist()).toEqual([5, 0]);
    expect(() => x.at([true, false])).toThrow('atAsync');
    expect(await (await x.atAsync([true, false])).tolist()).toEqual([[0, 1, 2]]);
  });

  it('nonzero refuses options it does not know (it used to ignore them)', () => {
    expect(() => torch.tensor([1, 0]).nonzero({ as_tuple: true } as never)).toThrow("Tensor.nonzero(): unexpected option 'as_tuple' (did you mean 'asTuple'?); Tensor.nonzero takes (*, asTuple: boolean = false)");
    const where = torch.where as (...args: unknown[]) => unknown;
    expect(() => where(torch.tensor([true]), torch.tensor([1]))).toThrow(
      "torch.where(): the arguments (Tensor [1] bool, Tensor [1] int64) match none of its signatures:\n" +
        "  (condition: Tensor, input: TensorOrScalar, other: TensorOrScalar, *, out?: Tensor): missing the required argument 'other'\n" +
        '  (condition: Tensor): takes at most 1 positional argument (condition) but 2 were given',
    );
  });
});

describe('torch.isAvailable(device)', () => {
  it('is true for a registered device that can run, false otherwise', () => {
    expect(torch.isAvailable('cpu')).toBe(true);
    expect(torch.isAvailable('deferred-protocols')).toBe(true);
    expect(torch.isAvailable('webgpu')).toBe(false); // @x/backend-webgpu is not imported here
    torch.registerBackend({ ...deferredBackend('no-adapter', cpuBackend), available: () => false });
    expect(torch.isAvailable('no-adapter')).toBe(false);
    expect(() => torch.isAvailable(0 as never)).toThrow("isAvailable: expected a device string such as 'cpu' or 'webgpu', got 0");
    const device = torch.isAvailable('webgpu') ? 'webgpu' : 'cpu';
    expect(torch.zeros(2, { device }).device).toBe('cpu');
  });
});
