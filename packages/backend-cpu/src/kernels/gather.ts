// gather and scatter along one dim, with PyTorch's bounds errors.
import type { Operand, TensorRef } from '@x/tensor';
import { dataOf } from '../storage';
import { forEachRow } from '../strided';
import { computeConverter, storeConverter } from '../cast';

function checkIndex(op: string, i: number, size: number, dim: number): void {
  if (i < 0 || i >= size || !Number.isInteger(i)) {
    throw new RangeError(`${op}: index ${i} is out of bounds for dimension ${dim} with size ${size}`);
  }
}

/** out[p] = x[p with p[dim] = index[p]]. */
export function gather(x: TensorRef, dim: number, index: TensorRef, out: TensorRef): void {
  const X = dataOf(x.storage);
  const I = dataOf(index.storage);
  const O = dataOf(out.storage);
  const size = x.shape[dim]!;
  const step = x.strides[dim]!;
  const xWithoutDim = { strides: x.strides.map((s, i) => (i === dim ? 0 : s)), offset: x.offset };
  const convert = computeConverter(x.dtype, out.dtype);
  forEachRow(out.shape, [index, xWithoutDim, out], (b, n, s) => {
    for (let k = 0, i = b[0]!, xb = b[1]!, o = b[2]!; k < n; k++, i += s[0]!, xb += s[1]!, o += s[2]!) {
      const j = I[i]!;
      checkIndex('gather', j, size, dim);
      const v = X[xb + j * step]!;
      O[o] = convert ? convert(v) : v;
    }
  }, false);
}

/** out[p with p[dim] = index[p]] (=|+=|*=) src[p], over index's shape. */
export function scatter(out: TensorRef, dim: number, index: TensorRef, src: Operand, reduce: 'none' | 'add' | 'multiply'): void {
  const O = dataOf(out.storage);
  const I = dataOf(index.storage);
  const size = out.shape[dim]!;
  const step = out.strides[dim]!;
  const outWithoutDim = { strides: out.strides.map((s, i) => (i === dim ? 0 : s)), offset: out.offset };
  const scalar = typeof src === 'number';
  const S = scalar ? [src] : dataOf(src.storage);
  const srcRef = scalar ? { strides: index.shape.map(() => 0), offset: 0 } : src;
  const convert = scalar ? null : computeConverter(src.dtype, out.dtype);
  const store = storeConverter(out.dtype);
  forEachRow(index.shape, [index, srcRef, outWithoutDim], (b, n, s) => {
    for (let k = 0, i = b[0]!, si = b[1]!, ob = b[2]!; k < n; k++, i += s[0]!, si += s[1]!, ob += s[2]!) {
      const j = I[i]!;
      checkIndex('scatter', j, size, dim);
      const at = ob + j * step;
      let v = convert ? convert(S[si]!) : S[si]!;
      if (reduce === 'add') v = O[at]! + v;
      else if (reduce === 'multiply') v = O[at]! * v;
      O[at] = store ? store(v) : v;
    }
  }, false);
}
