// View ops share storage and touch metadata only; strides and offsets match PyTorch's.
import { describe, expect, it } from 'vitest';
import '../src/index';
import * as torch from '@x/tensor';

describe('views', () => {
  const base = () => torch.arange(24, { dtype: 'float32' }).reshape(2, 3, 4);

  it('have PyTorch strides and offsets', () => {
    const x = base();
    expect(x.strides).toEqual([12, 4, 1]);
    expect(x.transpose(0, 2).strides).toEqual([1, 4, 12]);
    expect(x.permute(2, 0, 1).strides).toEqual([1, 12, 4]);
    expect(x.narrow(2, 1, 2).storageOffset()).toBe(1);
    expect(x.narrow(2, 1, 2).strides).toEqual([12, 4, 1]);
    expect(x.unsqueeze(1).strides).toEqual([12, 12, 4, 1]);
    expect(x.unsqueeze(3).strides).toEqual([12, 4, 1, 1]);
    expect(torch.zeros(3, 1).expand(3, 4).strides).toEqual([1, 0]);
    expect(x.flatten(1).shape).toEqual([2, 12]);
    expect(x.unflatten(2, [2, -1]).shape).toEqual([2, 3, 2, 2]);
    expect(x.select(1, -1).storageOffset()).toBe(8);
    // diagonal: PyTorch's strides and offsets (x.diagonal(1, -1, 0) is [3, 1] at offset 12, strides [4, 13])
    expect(x.diagonal(1, -1, 0).shape).toEqual([3, 1]);
    expect(x.diagonal(1, -1, 0).strides).toEqual([4, 13]);
    expect(x.diagonal(1, -1, 0).storageOffset()).toBe(12);
    expect(x.diagonal({ offset: -1, dim1: 1, dim2: 2 }).storageOffset()).toBe(4);
    expect(x.diagonal(5, 1, 2).storageOffset()).toBe(0); // empty: the offset is not moved
  });

  it('diagonal writes through to its base (diag and trace copy)', () => {
    const m = torch.zeros(3, 3);
    m.diagonal().fill_(1);
    m.diagonal(1).add_(2);
    expect(m.tolistSync()).toEqual([[1, 2, 0], [0, 1, 2], [0, 0, 1]]);
    expect(torch.diag(m).storage).not.toBe(m.storage);
    expect(() => m.diagonal({ offset: 1, dims: [0, 1] } as never)).toThrow("Tensor.diagonal(): unexpected option 'dims' (did you mean 'dim1'?); Tensor.diagonal takes (offset: number = 0, dim1: number = 0, dim2: number = 1)");
  });

  it('write through a view and read through the base', () => {
    const x = base();
    const views = [x.view(6, 4), x.transpose(0, 1), x.permute(2, 1, 0), x.narrow(1, 1, 1), x.unsqueeze(0), x.flatten(), x.select(0, 1)];
    for (const v of views) expect(v.storage).toBe(x.storage);
    x.transpose(0, 2).fill_(0).add_(0);
    x.narrow(1, 1, 1).fill_(7);
    expect(x.sum().itemSync()).toBe(7 * 8);
    x.view(24).narrow(0, 0, 1).fill_(3);
    expect(x.dataSync()[0]).toBe(3);
  });

  it('contiguous() returns itself when already contiguous, a copy otherwise', () => {
    const x = base();
    expect(x.contiguous()).toBe(x);
    const t = x.transpose(1, 2);
    expect(t.isContiguous()).toBe(false);
    const c = t.contiguous();
    expect(c).not.toBe(t);
    expect(c.storage).not.toBe(x.storage);
    expect(c.tolistSync()).toEqual(t.tolistSync());
  });

  it('reshape is a view when strides allow, a copy otherwise', () => {
    const x = base();
    expect(x.reshape(4, 6).storage).toBe(x.storage);
    expect(x.narrow(2, 0, 2).reshape(-1).storage).not.toBe(x.storage);
    expect((x.transpose(0, 1).reshape(3, 8).tolistSync() as number[][])[0]).toEqual([0, 1, 2, 3, 12, 13, 14, 15]);
  });

  it('view errors read like PyTorch', () => {
    const x = base();
    expect(() => x.view(5, 5)).toThrow("shape '[5, 5]' is invalid for input of size 24");
    expect(() => x.view(-1, -1)).toThrow('only one dimension can be inferred');
    expect(() => x.transpose(0, 1).view(-1)).toThrow(/view size is not compatible/);
    expect(() => x.permute(0, 1)).toThrow(/permute: number of dims don't match/);
    expect(() => x.transpose(0, 3)).toThrow('dimension out of range (expected to be in range of [-3, 2], but got 3)');
    expect(() => torch.zeros(3).expand(2, 4)).toThrow(/expanded size of the tensor \(4\) must match the existing size \(3\)/);
    expect(() => x.narrow(0, 1, 2)).toThrow(/exceeds dimension size/);
  });

  it('0-d and empty tensors', () => {
    const s = torch.tensor(3.5);
    expect(s.shape).toEqual([]);
    expect(s.view(1).shape).toEqual([1]);
    expect(s.unsqueeze(0).shape).toEqual([1]);
    expect(s.reshape([]).itemSync()).toBe(3.5);
    const e = torch.zeros(0, 3);
    expect(e.view(3, 0).shape).toEqual([3, 0]);
    expect(e.view(-1, 3).shape).toEqual([0, 3]);
    expect(e.T.contiguous().shape).toEqual([3, 0]);
    expect(e.sum(0).tolistSync()).toEqual([0, 0, 0]);
    expect(e.add(1).shape).toEqual([0, 3]);
  });

  it('ops read non-contiguous and expanded inputs without copying them first', () => {
    const x = base();
    const t = x.transpose(0, 2);
    expect(t.add(0).tolistSync()).toEqual(t.contiguous().tolistSync());
    expect(t.sum(0).tolistSync()).toEqual(t.contiguous().sum(0).tolistSync());
    const e = torch.tensor([[1], [2]], { dtype: 'float32' }).expand(2, 3);
    expect(e.mul(2).tolistSync()).toEqual([[2, 2, 2], [4, 4, 4]]);
    expect(e.matmul(torch.ones(3, 1)).tolistSync()).toEqual([[3], [6]]);
  });
});

describe('memory sharing with typed arrays', () => {
  it('numpy() aliases a contiguous tensor, including a contiguous slice', () => {
    const x = torch.arange(6, { dtype: 'float32' }).reshape(2, 3);
    const row = x.select(0, 1).numpy();
    expect(Array.from(row)).toEqual([3, 4, 5]);
    row[0] = -1;
    expect((x.tolistSync() as number[][])[1]).toEqual([-1, 4, 5]);
  });

  it('numpy() refuses a non-contiguous tensor and says what to do', () => {
    expect(() => torch.zeros(2, 3).T.numpy()).toThrow(/not contiguous.*contiguous\(\)\.numpy\(\)/);
  });

  it('fromArray shares memory both ways and checks the shape', () => {
    const arr = new Int32Array([1, 2, 3, 4, 5, 6]);
    const t = torch.fromArray(arr, [2, 3]);
    expect(t.dtype).toBe('int32');
    t.add_(10);
    expect(Array.from(arr)).toEqual([11, 12, 13, 14, 15, 16]);
    expect(t.numpy()).toBe(arr);
    expect(() => torch.fromArray(arr, [4, 2])).toThrow('fromArray: shape [4, 2] holds 8 elements but the array has 6');
    const d = torch.fromArray(new Float64Array([1, 2]), [2], { dtype: 'int64' });
    expect(d.dtype).toBe('int64');
  });
});
