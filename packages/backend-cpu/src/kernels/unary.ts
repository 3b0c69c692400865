// Elementwise unary kernels.
import type { DType, TensorRef, UnaryOp } from '@x/tensor';
import { dataOf } from '../storage';
import { forEachRow } from '../strided';
import { computeConverter, storeConverter } from '../cast';
import { erf } from './erf';
import { unaryRow } from './fast-loops';
import { simdUnary } from './simd-elementwise';

const FLOAT_OPS: Record<string, (x: number) => number> = {
  neg: (x) => -x,
  abs: Math.abs,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0), // sign(NaN) is 0 in PyTorch (pytorch#41245)
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  expm1: Math.expm1,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  relu: (x) => (x > 0 ? x : x === 0 || x < 0 ? 0 : x),
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  trunc: Math.trunc,
  reciprocal: (x) => 1 / x,
  erf,
  logicalNot: (x) => (x === 0 ? 1 : 0),
  isnan: (x) => (x !== x ? 1 : 0),
};

/** PyTorch rounds half to even (like numpy), not half up like Math.round. */
function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r === 0 ? x * 0 : r;
}

export function unary(op: UnaryOp, x: TensorRef, out: TensorRef, compute: DType): void {
  const f = FLOAT_OPS[op];
  if (!f) throw new Error(`cpu backend: unknown unary op '${op}'`);
  if (simdUnary(op, x, out, compute)) return;
  const src = dataOf(x.storage);
  const dst = dataOf(out.storage);
  const toCompute = computeConverter(x.dtype, compute);
  const store = storeConverter(out.dtype);
  // Float32 results are computed in double and rounded once on store: correctly rounded for most ops.
  const roundCompute = compute === 'float32' && out.dtype !== 'float32' ? Math.fround : null;
  forEachRow(out.shape, [x, out], (b, n, s) => {
    let i = b[0]!;
    let o = b[1]!;
    const si = s[0]!;
    const so = s[1]!;
    if (toCompute === null && store === null && roundCompute === null) {
      if (si === 1 && so === 1 && unaryRow(op, src, i, dst, o, n)) return;
      for (let k = 0; k < n; k++, i += si, o += so) dst[o] = f(src[i]!);
      return;
    }
    for (let k = 0; k < n; k++, i += si, o += so) {
      let v = src[i]!;
      if (toCompute) v = toCompute(v);
      v = f(v);
      if (roundCompute) v = roundCompute(v);
      dst[o] = store ? store(v) : v;
    }
  });
}
