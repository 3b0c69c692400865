// The binder of Python's calling convention: positional, then one trailing options object.
import { describe, expect, it } from 'vitest';
import { bindArgs, bindOverloads, bindPositional, defineSignature, formatSignature } from '../src/index';

/** Stands for a Tensor (the binder knows tensors by the brand on their prototype). */
class FakeTensor {
  shape = [2];
  dtype = 'float32';
}
Object.defineProperty(FakeTensor.prototype, Symbol.for('@x/tensor.Tensor'), { value: true });

const SUM = defineSignature('torch.sum(input: Tensor, dim: number | readonly number[] | null = null, keepdim: boolean = false, *, dtype?: DType): Tensor');
const TOPK = defineSignature('torch.topk(input: Tensor, k: number, dim: number = -1, largest: boolean = true, sorted: boolean = true): ValuesIndices');
const ZEROS = defineSignature('torch.zeros(...size: number[], dtype?: DType, requiresGrad: boolean = false): Tensor');
const LINEAR = defineSignature("nn.Linear(inFeatures: number, outFeatures: number, bias: boolean = true, *, device?: string, mode: 'a' | 'b' = 'a')");

const bound = (sig: typeof SUM, ...args: unknown[]) => [...bindPositional(sig, args)];

describe('defineSignature', () => {
  it('reads kinds, defaults and the return type', () => {
    expect(SUM.params.map((p) => [p.name, p.kind, p.required, p.default])).toEqual([
      ['input', 'positional', true, SUM.defaults[0]],
      ['dim', 'positional', false, null],
      ['keepdim', 'positional', false, false],
      ['dtype', 'keyword', false, undefined],
    ]);
    expect(SUM.returns).toBe('Tensor');
    expect(LINEAR.params.find((p) => p.name === 'mode')!.default).toBe('a');
    expect(formatSignature(SUM)).toBe('torch.sum(input: Tensor, dim: number | readonly number[] | null = null, keepdim: boolean = false, *, dtype?: DType): Tensor');
    expect(formatSignature(ZEROS)).toBe('torch.zeros(...size: number[], dtype?: DType, requiresGrad: boolean = false): Tensor');
  });

  it("refuses what Python refuses", () => {
    expect(() => defineSignature('f(a: number = 1, b: number)')).toThrow("f: the required parameter 'b' follows a parameter with a default");
    expect(() => defineSignature('f(a: number, a: number)')).toThrow("f: the parameter 'a' is declared twice");
    expect(() => defineSignature('f(a?: number = 1)')).toThrow("'a' has both '?' and a default");
    expect(() => defineSignature('f(a: number = x)')).toThrow('the default x is not a literal');
    expect(() => defineSignature('f a: number')).toThrow("expected 'name(params)'");
  });
});

describe('bindPositional', () => {
  it('binds positional, keyword and mixed calls to the same values', () => {
    const x = new FakeTensor();
    const expected = [x, 1, true, undefined];
    expect(bound(SUM, x, 1, true)).toEqual(expected);
    expect(bound(SUM, x, { dim: 1, keepdim: true })).toEqual(expected);
    expect(bound(SUM, x, 1, { keepdim: true })).toEqual(expected);
    expect(bound(SUM, { input: x, dim: 1, keepdim: true })).toEqual(expected);
    expect(bound(SUM, x)).toEqual([x, null, false, undefined]);
    expect(bound(SUM, x, undefined, true)).toEqual([x, null, true, undefined]);
    expect(bound(SUM, x, { dtype: 'float64' })).toEqual([x, null, false, 'float64']);
    expect(bound(SUM, x, { dim: undefined })).toEqual([x, null, false, undefined]);
  });

  it('takes sizes as varargs or one array, and the keyword form', () => {
    expect(bound(ZEROS, 2, 3)).toEqual([[2, 3], undefined, false]);
    expect(bound(ZEROS, [2, 3])).toEqual([[2, 3], undefined, false]);
    expect(bound(ZEROS, 2, 3, { dtype: 'int32' })).toEqual([[2, 3], 'int32', false]);
    expect(bound(ZEROS, [2, 3], { requiresGrad: true })).toEqual([[2, 3], undefined, true]);
    expect(bound(ZEROS, { size: [2, 3] })).toEqual([[2, 3], undefined, false]);
    expect(bound(ZEROS, [])).toEqual([[], undefined, false]);
  });

  it('throws naming the function, the key and the parameters it takes', () => {
    expect(() => bound(SUM, 1, { dims: 1 })).toThrow(
      "torch.sum(): unexpected option 'dims' (did you mean 'dim'?); torch.sum takes (input: Tensor, dim: number | readonly number[] | null = null, keepdim: boolean = false, *, dtype?: DType)",
    );
    expect(() => bound(SUM, 1, { keep_dim: true })).toThrow("unexpected option 'keep_dim' (did you mean 'keepdim'?)");
    expect(() => bound(SUM, 1, { out: 1 })).toThrow(TypeError);
    expect(() => bound(SUM, 1, 0, { dim: 1 })).toThrow("torch.sum(): got 'dim' twice, by position and in the options object; torch.sum takes (");
    expect(() => bound(SUM, 1, 0, true, 'float64')).toThrow(
      'torch.sum(): takes at most 3 positional arguments (input, dim, keepdim) but 4 were given; pass dtype in the options object',
    );
    expect(() => bound(TOPK, 1)).toThrow("torch.topk(): missing the required argument 'k'");
    expect(() => bound(TOPK, 1, undefined)).toThrow("torch.topk(): missing the required argument 'k'");
    expect(() => bound(ZEROS)).toThrow("torch.zeros(): missing the required argument 'size'");
    expect(() => bound(TOPK, 1, { k: 2, large: false })).toThrow("unexpected option 'large' (did you mean 'largest'?)");
    expect(() => bound(SUM, 1, { requires_grad: true })).toThrow(/unexpected option 'requires_grad'; torch.sum takes/);
  });

  it('leaves a class instance or an array in the last position alone', () => {
    class Box {
      dim = 1;
    }
    const box = new Box();
    expect(bound(SUM, 1, box)).toEqual([1, box, false, undefined]);
    expect(bound(SUM, 1, [0, 1])).toEqual([1, [0, 1], false, undefined]);
    expect(bound(SUM, 1, Object.assign(Object.create(null), { dim: 2 }))).toEqual([1, 2, false, undefined]);
  });
});

describe('bindOverloads', () => {
  const MAX = [
    defineSignature('torch.max(input: Tensor): Tensor'),
    defineSignature('torch.max(input: Tensor, dim: number, keepdim: boolean = false): ValuesIndices'),
    defineSignature('torch.max(input: Tensor, other: Tensor): Tensor'),
  ];
  const t = new FakeTensor();

  it('picks the first signature whose counts, names and types fit', () => {
    expect(bindOverloads(MAX, [t])).toEqual([0, [t]]);
    expect(bindOverloads(MAX, [t, 1])).toEqual([1, [t, 1, false]]);
    expect(bindOverloads(MAX, [t, { dim: 1, keepdim: true }])).toEqual([1, [t, 1, true]]);
    expect(bindOverloads(MAX, [t, t])).toEqual([2, [t, t]]);
    expect(bindOverloads(MAX, [t, { other: t }])).toEqual([2, [t, t]]);
  });

  it('says why no signature fits', () => {
    expect(() => bindOverloads(MAX, [t, { dims: 1 }])).toThrow("torch.max(): unexpected option 'dims' (did you mean 'dim'?); torch.max takes one of: (input: Tensor) | (input: Tensor, dim: number, keepdim: boolean = false) | (input: Tensor, other: Tensor)");
    expect(() => bindOverloads(MAX, [t, 'a'])).toThrow(
      "torch.max(): the arguments (Tensor [2] float32, 'a') match none of its signatures:\n" +
        '  (input: Tensor): takes at most 1 positional argument (input) but 2 were given\n' +
        "  (input: Tensor, dim: number, keepdim: boolean = false): 'dim' must be number, not 'a'\n" +
        "  (input: Tensor, other: Tensor): 'other' must be Tensor, not 'a'",
    );
  });
});

describe('bindArgs', () => {
  it('returns the values by name, for constructors and functions of other packages', () => {
    expect(bindArgs(LINEAR, [10, 5])).toEqual({ inFeatures: 10, outFeatures: 5, bias: true, device: undefined, mode: 'a' });
    expect(bindArgs(LINEAR, [{ inFeatures: 10, outFeatures: 5, bias: false }])).toEqual({ inFeatures: 10, outFeatures: 5, bias: false, device: undefined, mode: 'a' });
    expect(bindArgs(LINEAR, [10, { outFeatures: 5, device: 'cpu' }])).toEqual({ inFeatures: 10, outFeatures: 5, bias: true, device: 'cpu', mode: 'a' });
    expect(() => bindArgs(LINEAR, [10, 5, { biass: false }])).toThrow("nn.Linear(): unexpected option 'biass' (did you mean 'bias'?); nn.Linear takes (inFeatures: number, outFeatures: number, bias: boolean = true, *, device?: string, mode: 'a' | 'b' = 'a')");
    expect(() => bindArgs(LINEAR, [10, 5, true, 'cpu'])).toThrow('nn.Linear(): takes at most 3 positional arguments (inFeatures, outFeatures, bias) but 4 were given; pass device, mode in the options object');
  });
});
