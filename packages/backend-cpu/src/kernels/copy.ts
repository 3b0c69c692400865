// Strided copy with dtype conversion, and fill.
import type { TensorRef } from '@x/tensor';
import { dataOf } from '../storage';
import { forEachRow } from '../strided';
import { computeConverter } from '../cast';

export function copy(src: TensorRef, out: TensorRef): void {
  const S = dataOf(src.storage);
  const D = dataOf(out.storage);
  const convert = computeConverter(src.dtype, out.dtype);
  // Same storage and overlapping views (x.copy_(x.flip(0))): read everything before writing.
  const from = src.storage === out.storage ? S.slice() : S;
  forEachRow(out.shape, [src, out], (b, n, s) => {
    let i = b[0]!;
    let o = b[1]!;
    const si = s[0]!;
    const so = s[1]!;
    if (convert === null) {
      if (si === 1 && so === 1) {
        D.set(from.subarray(i, i + n), o);
        return;
      }
      for (let k = 0; k < n; k++, i += si, o += so) D[o] = from[i]!;
      return;
    }
    for (let k = 0; k < n; k++, i += si, o += so) D[o] = convert(from[i]!);
  });
}

export function fill(out: TensorRef, value: number): void {
  const D = dataOf(out.storage);
  forEachRow(out.shape, [out], (b, n, s) => {
    const st = s[0]!;
    if (st === 1) {
      D.fill(value, b[0]!, b[0]! + n);
      return;
    }
    for (let k = 0, o = b[0]!; k < n; k++, o += st) D[o] = value;
  });
}
