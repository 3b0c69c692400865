// Stable sort along one dim; NaN sorts as the largest value (PyTorch's order).
import type { TensorRef } from '@x/tensor';
import { dataOf } from '../storage';
import { forEachRow } from '../strided';

export function sort(x: TensorRef, dim: number, descending: boolean, values: TensorRef, indices: TensorRef): void {
  const X = dataOf(x.storage);
  const V = dataOf(values.storage);
  const I = dataOf(indices.storage);
  const n = x.shape[dim] ?? 1;
  const drop = <T,>(a: readonly T[]) => a.filter((_, i) => i !== dim);
  const xs = x.strides[dim] ?? 0;
  const vs = values.strides[dim] ?? 0;
  const is = indices.strides[dim] ?? 0;
  const keys = new Float64Array(n);
  const order = new Array<number>(n);
  const cmp = (p: number, q: number): number => {
    const a = keys[p]!;
    const b = keys[q]!;
    const an = a !== a;
    const bn = b !== b;
    let c = an || bn ? (an ? (bn ? 0 : 1) : -1) : a < b ? -1 : a > b ? 1 : 0;
    if (descending) c = -c;
    return c !== 0 ? c : p - q;
  };
  forEachRow(
    drop(x.shape),
    [{ strides: drop(x.strides), offset: x.offset }, { strides: drop(values.strides), offset: values.offset }, { strides: drop(indices.strides), offset: indices.offset }],
    (b, rows, s) => {
      for (let r = 0, xb = b[0]!, vb = b[1]!, ib = b[2]!; r < rows; r++, xb += s[0]!, vb += s[1]!, ib += s[2]!) {
        for (let k = 0; k < n; k++) {
          keys[k] = X[xb + k * xs]!;
          order[k] = k;
        }
        order.sort(cmp);
        for (let k = 0; k < n; k++) {
          V[vb + k * vs] = keys[order[k]!]!;
          I[ib + k * is] = order[k]!;
        }
      }
    },
    false,
  );
}
