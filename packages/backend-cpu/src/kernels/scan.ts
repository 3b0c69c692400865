// Inclusive scans (cumsum, cumprod) along one dim, accumulated in double.
import type { ScanOp, TensorRef } from '@x/tensor';
import { dataOf } from '../storage';
import { forEachRow } from '../strided';
import { storeConverter } from '../cast';

export function scan(op: ScanOp, x: TensorRef, dim: number, out: TensorRef): void {
  const src = dataOf(x.storage);
  const dst = dataOf(out.storage);
  const n = x.shape[dim] ?? 1;
  const xs = x.strides[dim] ?? 0;
  const os = out.strides[dim] ?? 0;
  const drop = <T,>(a: readonly T[]) => a.filter((_, i) => i !== dim);
  const store = storeConverter(out.dtype);
  const isSum = op === 'cumsum';
  // PyTorch's CPU scan accumulates float32 in double too, rounding only on store.
  forEachRow(drop(x.shape), [{ strides: drop(x.strides), offset: x.offset }, { strides: drop(out.strides), offset: out.offset }], (base, rows, s) => {
    let xb = base[0]!;
    let ob = base[1]!;
    for (let r = 0; r < rows; r++, xb += s[0]!, ob += s[1]!) {
      let acc = isSum ? 0 : 1;
      for (let k = 0, i = xb, o = ob; k < n; k++, i += xs, o += os) {
        acc = isSum ? acc + src[i]! : acc * src[i]!;
        dst[o] = store ? store(acc) : acc;
      }
    }
  });
}
