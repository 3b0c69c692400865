// item()/itemSync() are numbers for every dtype (a bool tensor gives 1 or 0, as Python's True == 1), so
// `loss.itemSync().toFixed(4)` and `correct += pred.eq(y).sum().itemSync()` compile; isNonzero() is the
// boolean form (PyTorch's is_nonzero / bool(x)). Values and messages as PyTorch 1.13's.
import { describe, expect, expectTypeOf, it } from 'vitest';
import '../src/index';
import * as torch from '@x/tensor';

describe('item', () => {
  it('is a number for every dtype, typed number', async () => {
    const loss = torch.tensor(0.25, { dtype: 'float64' });
    expectTypeOf(loss.itemSync()).toEqualTypeOf<number>();
    expectTypeOf(loss.item()).toEqualTypeOf<Promise<number>>();
    expect(loss.itemSync().toFixed(4)).toBe('0.2500');
    expect(torch.tensor(7).itemSync()).toBe(7); // int64
    expect(torch.tensor([200], { dtype: 'uint8' }).itemSync()).toBe(200);
    // torch.tensor(True).item() is True, which is the int 1 in Python arithmetic
    expect(torch.tensor(true).itemSync()).toBe(1);
    expect(await torch.tensor(false).item()).toBe(0);
    let correct = 0;
    correct += torch.tensor([1, 2, 3]).eq(torch.tensor([1, 0, 3])).sum().itemSync();
    correct += torch.tensor([1, 2]).eq(torch.tensor([1, 2])).all().itemSync();
    expect(correct).toBe(3);
  });

  it('refuses a tensor of several elements, naming the count and shape', () => {
    expect(() => torch.tensor([1, 2]).itemSync()).toThrow('item(): a Tensor with 2 elements cannot be converted to a scalar (shape [2])');
  });
});

describe('isNonzero', () => {
  it('is the boolean form of item (PyTorch is_nonzero)', async () => {
    expectTypeOf(torch.tensor(true).isNonzeroSync()).toEqualTypeOf<boolean>();
    expectTypeOf(torch.tensor(true).isNonzero()).toEqualTypeOf<Promise<boolean>>();
    expect(torch.tensor(true).isNonzeroSync()).toBe(true);
    expect(torch.tensor([0.0]).isNonzeroSync()).toBe(false);
    expect(torch.tensor(-3).isNonzeroSync()).toBe(true);
    expect(await torch.tensor([[false]]).isNonzero()).toBe(false);
    expect(torch.equal(torch.tensor([1, 2]), torch.tensor([1, 2]))).toBe(true);
  });

  it("says PyTorch's ambiguity error for zero or several elements", () => {
    expect(() => torch.tensor([1, 2]).isNonzeroSync()).toThrow('isNonzero(): Boolean value of Tensor with more than one value is ambiguous (shape [2]); reduce it first, e.g. x.all() or x.any()');
    expect(() => torch.tensor([]).isNonzeroSync()).toThrow('isNonzero(): Boolean value of Tensor with no values is ambiguous (shape [0])');
  });
});
