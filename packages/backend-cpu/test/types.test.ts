// The types a PyTorch port reads without casts: checked by the package's typecheck (expectTypeOf and the
// expected-error directives fail `tsc` when a type drifts), and the values at run time.
import { describe, expect, expectTypeOf, it } from 'vitest';
import '../src/index';
import * as torch from '@x/tensor';

describe('typed results', () => {
  const x = torch.tensor([[1, 5, 2], [7, 0, 3]], { dtype: 'float32' });

  it('size(dim) is a number, size() the shape', () => {
    expectTypeOf(x.size(0)).toEqualTypeOf<number>();
    expectTypeOf(x.size()).toEqualTypeOf<readonly number[]>();
    expect(x.size(0) + x.size(-1)).toBe(5);
    expect(x.size()).toEqual([2, 3]);
  });

  it('max along a dim is [values, indices], also by name; max() and max(other) are tensors', () => {
    const r = torch.max(x, 1);
    expectTypeOf(r.values).toEqualTypeOf<torch.Tensor>();
    expectTypeOf(r.indices).toEqualTypeOf<torch.Tensor>();
    expectTypeOf(x.max(1, true).values).toEqualTypeOf<torch.Tensor>();
    expectTypeOf(torch.max(x)).toEqualTypeOf<torch.Tensor>();
    expectTypeOf(torch.max(x, x)).toEqualTypeOf<torch.Tensor>();
    expect(r.values.tolistSync()).toEqual([5, 7]);
    expect(r.indices.tolistSync()).toEqual([1, 0]);
    const [values, indices] = r;
    expect([values.tolistSync(), indices.tolistSync()]).toEqual([[5, 7], [1, 0]]);
  });

  it('dtypes are a union: a misspelt one fails to type-check, and at run time names the choices', () => {
    expectTypeOf(x.dtype).toEqualTypeOf<torch.DType>();
    // @ts-expect-error: 'flaot32' is no dtype
    expect(() => torch.zeros([2], { dtype: 'flaot32' })).toThrow(/unknown dtype "flaot32"; expected one of 'bool', 'uint8', 'int32', 'int64', 'float32', 'float64'/);
    // @ts-expect-error: 'flaot32' is no dtype
    expect(() => x.type('flaot32')).toThrow(/unknown dtype "flaot32"/);
  });

  it("devices are a union: 'cuda:0' fails to type-check, and at run time says which package to import", () => {
    expectTypeOf(x.device).toEqualTypeOf<torch.Device>();
    expectTypeOf<'cpu'>().toExtend<torch.Device>();
    expectTypeOf<'webgpu'>().toExtend<torch.Device>();
    expectTypeOf<'cuda:0'>().not.toExtend<torch.Device>();
    // @ts-expect-error: 'cuda:0' is no device name
    expect(() => torch.zeros([2], { device: 'cuda:0' })).toThrow(/device 'cuda:0' is not registered/);
    // @ts-expect-error: 'flaot32' is neither a dtype nor a device
    expect(() => x.to('flaot32')).toThrow(/'flaot32' is not registered/);
    // @ts-expect-error: nor is 'gpu'
    expect(() => torch.ones([1], { device: 'gpu' })).toThrow(/device 'gpu' is not registered/);
    expect(x.to('cpu').device).toBe('cpu');
  });

  it('isAvailable narrows a string from a command line or a form to a Device', () => {
    const fromCli: string = ['webgpu', 'cpu'].find((d) => torch.isAvailable(d)) ?? 'cpu';
    if (!torch.isAvailable(fromCli)) throw new Error('unreachable: the CPU backend is imported');
    expectTypeOf(fromCli).toEqualTypeOf<torch.Device>();
    expect(torch.zeros([1], { device: fromCli }).device).toBe('cpu');
  });

  it('loss.itemSync().toFixed(4) compiles and reads', () => {
    const loss = x.sub(1).pow(2).mean();
    expect(loss.itemSync().toFixed(4)).toBe('9.6667') // (0 + 16 + 1 + 36 + 1 + 4) / 6;
  });
});
