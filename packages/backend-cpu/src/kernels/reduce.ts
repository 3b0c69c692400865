// Reductions: iterate the kept dims outside, the reduced dims inside; accumulate in double.
import type { ReduceOp, TensorRef } from '@x/tensor';
import { dataOf } from '../storage';
import { forEachRow } from '../strided';
import { storeConverter } from '../cast';
import { simdReduce } from './simd-reduce';

interface Acc {
  init: number;
  step: (acc: number, v: number) => number;
}

const ACC: Record<Exclude<ReduceOp, 'argmax' | 'argmin'>, Acc> = {
  sum: { init: 0, step: (a, v) => a + v },
  prod: { init: 1, step: (a, v) => a * v },
  // NaN propagates through max/min, as in PyTorch.
  max: { init: -Infinity, step: (a, v) => (v > a || v !== v ? v : a) },
  min: { init: Infinity, step: (a, v) => (v < a || v !== v ? v : a) },
  all: { init: 1, step: (a, v) => (a && v !== 0 ? 1 : 0) },
  any: { init: 0, step: (a, v) => (a || v !== 0 ? 1 : 0) },
};

function split(x: TensorRef, dims: readonly number[]) {
  const keptShape: number[] = [];
  const keptStrides: number[] = [];
  const redShape: number[] = [];
  const redStrides: number[] = [];
  x.shape.forEach((s, i) => {
    if (dims.includes(i)) {
      redShape.push(s);
      redStrides.push(x.strides[i]!);
    } else {
      keptShape.push(s);
      keptStrides.push(x.strides[i]!);
    }
  });
  return { keptShape, keptStrides, redShape, redStrides };
}

export function reduce(op: ReduceOp, x: TensorRef, dims: readonly number[], out: TensorRef): void {
  if (simdReduce(op, x, dims, out)) return;
  const src = dataOf(x.storage);
  const dst = dataOf(out.storage);
  const { keptShape, keptStrides, redShape, redStrides } = split(x, dims);
  const outKeptStrides = out.strides.filter((_, i) => !dims.includes(i));
  const store = storeConverter(out.dtype);
  const isArg = op === 'argmax' || op === 'argmin';
  // A max/min over a bool input compares 0/1; all/any read "non-zero".
  forEachRow(keptShape, [{ strides: keptStrides, offset: x.offset }, { strides: outKeptStrides, offset: out.offset }], (base, n, s) => {
    let xb = base[0]!;
    let ob = base[1]!;
    for (let k = 0; k < n; k++, xb += s[0]!, ob += s[1]!) {
      let result: number;
      if (isArg) result = argOf(op, src, redShape[0] ?? 1, redStrides[0] ?? 0, xb);
      else {
        const { init, step } = ACC[op];
        let acc = init;
        forEachRow(redShape, [{ strides: redStrides, offset: xb }], (rb, rn, rs) => {
          let i = rb[0]!;
          const st = rs[0]!;
          for (let r = 0; r < rn; r++, i += st) acc = step(acc, src[i]!);
        });
        result = acc;
      }
      dst[ob] = store ? store(result) : result;
    }
  });
}

/** Index of the first max (or min) along one dim; a NaN wins at its first position, as in PyTorch. */
function argOf(op: 'argmax' | 'argmin', src: ArrayLike<number>, n: number, stride: number, base: number): number {
  let best = src[base]!;
  let bestIdx = 0;
  if (best !== best) return 0;
  for (let r = 1, i = base + stride; r < n; r++, i += stride) {
    const v = src[i]!;
    if (v !== v) return r;
    if (op === 'argmax' ? v > best : v < best) {
      best = v;
      bestIdx = r;
    }
  }
  return bestIdx;
}
