// Elementwise binary, where and clamp kernels. Operands are views already broadcast to out's shape,
// or scalars already cast to the compute dtype.
import type { BinaryOp, DType, Operand, TensorRef } from '@x/tensor';
import { isFloating } from '@x/tensor';
import { dataOf } from '../storage';
import { forEachRow, type Strided } from '../strided';
import { computeConverter, storeConverter, type Convert } from '../cast';
import { binaryRow } from './fast-loops';
import { simdBinary, simdWhere } from './simd-elementwise';

type Fn = (a: number, b: number) => number;

/** Python-style remainder: the result takes the sign of the divisor. */
function remainder(a: number, b: number): number {
  const m = a % b;
  return m !== 0 && m < 0 !== b < 0 ? m + b : m;
}

/**
 * PyTorch's div(a, b, rounding_mode='floor') for floats (c10's div_floor_floating): through fmod, so
 * that 1 // 0.1 is 9 as in Python (floor(1 / 0.1) is 10), inf // 2 is NaN and -5 // inf is -1.
 * `round` rounds each step to the compute dtype, as the float32 kernel does.
 */
function floorDivideFloat(round: (x: number) => number): Fn {
  return (a, b) => {
    if (b === 0) return a / b;
    const mod = a % b;
    let div = round(round(a - mod) / b);
    if (mod !== 0 && b < 0 !== mod < 0) div = round(div - 1);
    if (div === 0) return Math.sign(a / b) < 0 || Object.is(a / b, -0) ? -0 : 0;
    let floored = Math.floor(div);
    if (div - floored > 0.5) floored += 1;
    return floored;
  };
}

/** Integer floor division (c10's div_floor_integer): exact, and an error on division by zero. */
function floorDivideInt(a: number, b: number): number {
  if (b === 0) throw new RangeError("div(roundingMode: 'floor'): ZeroDivisionError: integer division by zero");
  const q = Math.trunc(a / b);
  return a < 0 !== b < 0 && a - q * b !== 0 ? q - 1 : q;
}

/** Integer division toward zero (C's a / b): exact, and an error on division by zero. */
function truncDivideInt(a: number, b: number): number {
  if (b === 0) throw new RangeError("div(roundingMode: 'trunc'): ZeroDivisionError: integer division by zero");
  const q = Math.trunc(a / b);
  // a / b was rounded: step back if the product overshoots a (only possible past 2^53)
  const r = a - q * b;
  return r !== 0 && r < 0 !== a < 0 ? q + (a < 0 !== b < 0 ? 1 : -1) : q;
}

function intPow(a: number, b: number): number {
  if (b < 0) return a === 1 ? 1 : a === -1 ? (b % 2 === 0 ? 1 : -1) : 0;
  return a ** b;
}

function maximum(a: number, b: number): number {
  return a !== a || b !== b ? NaN : a > b ? a : b === a && a === 0 ? (Object.is(a, -0) ? b : a) : b;
}

function minimum(a: number, b: number): number {
  return a !== a || b !== b ? NaN : a < b ? a : b === a && a === 0 ? (Object.is(a, -0) ? a : b) : b;
}

function opFunction(op: BinaryOp, compute: DType): Fn {
  const float = isFloating(compute);
  switch (op) {
    case 'add':
      return compute === 'bool' ? (a, b) => (a || b ? 1 : 0) : (a, b) => a + b;
    case 'sub':
      return (a, b) => a - b;
    case 'mul':
      if (compute === 'int32') return Math.imul;
      return compute === 'bool' ? (a, b) => (a && b ? 1 : 0) : (a, b) => a * b;
    case 'div':
      return (a, b) => a / b;
    case 'truncDivide':
      if (compute === 'float32') return (a, b) => Math.trunc(Math.fround(a / b));
      return float ? (a, b) => Math.trunc(a / b) : truncDivideInt;
    case 'floorDivide':
      if (compute === 'float32') return floorDivideFloat(Math.fround);
      return float ? floorDivideFloat((x) => x) : floorDivideInt;
    case 'pow':
      return float ? Math.pow : intPow;
    case 'remainder':
      return float ? remainder : (a, b) => {
        if (b === 0) throw new RangeError('remainder: ZeroDivisionError: integer remainder by zero');
        return remainder(a, b);
      };
    case 'maximum':
      return maximum;
    case 'minimum':
      return minimum;
    case 'atan2':
      return Math.atan2;
    case 'eq':
      return (a, b) => (a === b ? 1 : 0);
    case 'ne':
      return (a, b) => (a !== b ? 1 : 0);
    case 'lt':
      return (a, b) => (a < b ? 1 : 0);
    case 'le':
      return (a, b) => (a <= b ? 1 : 0);
    case 'gt':
      return (a, b) => (a > b ? 1 : 0);
    case 'ge':
      return (a, b) => (a >= b ? 1 : 0);
    case 'logicalAnd':
      return (a, b) => (a !== 0 && b !== 0 ? 1 : 0);
    case 'logicalOr':
      return (a, b) => (a !== 0 || b !== 0 ? 1 : 0);
  }
}

const ZERO: Strided = { strides: [], offset: 0 };

/** A scalar operand is read as a 1-element array with stride 0. */
function operandData(x: Operand, shape: readonly number[]): { data: Float32Array | Float64Array | Int32Array | Uint8Array; ref: Strided; dtype: DType | null } {
  // A typed array (not [x]) keeps the kernels' element loads on typed arrays only.
  if (typeof x === 'number') return { data: Float64Array.of(x), ref: { strides: shape.map(() => 0), offset: 0 }, dtype: null };
  return { data: dataOf(x.storage), ref: x, dtype: x.dtype };
}

/** The value of the compute dtype held by a result, before the store into out's dtype. */
function resultConverter(op: BinaryOp, compute: DType, out: DType): Convert {
  if (compute === out) return null; // every op yields a valid value of its compute dtype
  if (op === 'eq' || op === 'ne' || op === 'lt' || op === 'le' || op === 'gt' || op === 'ge' || op === 'logicalAnd' || op === 'logicalOr') return null;
  const inCompute = computeConverter('float64', compute);
  const store = storeConverter(out);
  if (!inCompute) return store;
  if (!store) return inCompute;
  return (v) => store(inCompute(v));
}

export function binary(op: BinaryOp, a: Operand, b: Operand, out: TensorRef, compute: DType): void {
  if (simdBinary(op, a, b, out, compute)) return;
  const f = opFunction(op, compute);
  const A = operandData(a, out.shape);
  const B = operandData(b, out.shape);
  const dst = dataOf(out.storage);
  const ca = A.dtype === null ? null : computeConverter(A.dtype, compute);
  const cb = B.dtype === null ? null : computeConverter(B.dtype, compute);
  const res = resultConverter(op, compute, out.dtype);
  const ad = A.data;
  const bd = B.data;
  forEachRow(out.shape, [A.ref, B.ref, out], (base, n, s) => {
    let i = base[0]!;
    let j = base[1]!;
    let o = base[2]!;
    const si = s[0]!;
    const sj = s[1]!;
    const so = s[2]!;
    if (ca === null && cb === null && res === null) {
      if (so === 1 && (compute === 'float32' || compute === 'float64') && binaryRow(op, ad, i, si, bd, j, sj, dst, o, n)) return;
      for (let k = 0; k < n; k++, i += si, j += sj, o += so) dst[o] = f(ad[i]!, bd[j]!);
      return;
    }
    for (let k = 0; k < n; k++, i += si, j += sj, o += so) {
      const x = ca ? ca(ad[i]!) : ad[i]!;
      const y = cb ? cb(bd[j]!) : bd[j]!;
      const v = f(x, y);
      dst[o] = res ? res(v) : v;
    }
  });
}

export function where(cond: TensorRef, a: Operand, b: Operand, out: TensorRef): void {
  if (simdWhere(cond, a, b, out)) return;
  const C = dataOf(cond.storage);
  const A = operandData(a, out.shape);
  const B = operandData(b, out.shape);
  const ca = A.dtype === null ? null : computeConverter(A.dtype, out.dtype);
  const cb = B.dtype === null ? null : computeConverter(B.dtype, out.dtype);
  const dst = dataOf(out.storage);
  const ad = A.data;
  const bd = B.data;
  forEachRow(out.shape, [cond, A.ref, B.ref, out], (base, n, s) => {
    let c = base[0]!;
    let i = base[1]!;
    let j = base[2]!;
    let o = base[3]!;
    const [sc, sa, sb, so] = s as [number, number, number, number];
    if (ca === null && cb === null) {
      // the common case (relu's gradient is where(y <= 0, 0, g)): no conversion, strides hoisted
      for (let k = 0; k < n; k++, c += sc, i += sa, j += sb, o += so) dst[o] = C[c] !== 0 ? ad[i]! : bd[j]!;
      return;
    }
    for (let k = 0; k < n; k++, c += sc, i += sa, j += sb, o += so) {
      if (C[c] !== 0) dst[o] = ca ? ca(ad[i]!) : ad[i]!;
      else dst[o] = cb ? cb(bd[j]!) : bd[j]!;
    }
  });
}

export function clamp(x: TensorRef, min: Operand | null, max: Operand | null, out: TensorRef, compute: DType): void {
  const X = dataOf(x.storage);
  const cx = computeConverter(x.dtype, compute);
  const lo = min === null ? null : operandData(min, out.shape);
  const hi = max === null ? null : operandData(max, out.shape);
  const clo = lo?.dtype ? computeConverter(lo.dtype, compute) : null;
  const chi = hi?.dtype ? computeConverter(hi.dtype, compute) : null;
  const dst = dataOf(out.storage);
  const store = storeConverter(out.dtype);
  const none = ZERO;
  forEachRow(out.shape, [x, lo?.ref ?? { ...none, strides: out.shape.map(() => 0) }, hi?.ref ?? { ...none, strides: out.shape.map(() => 0) }, out], (base, n, s) => {
    let i = base[0]!;
    let l = base[1]!;
    let h = base[2]!;
    let o = base[3]!;
    for (let k = 0; k < n; k++, i += s[0]!, l += s[1]!, h += s[2]!, o += s[3]!) {
      let v = cx ? cx(X[i]!) : X[i]!;
      if (lo) {
        const m = clo ? clo(lo.data[l]!) : lo.data[l]!;
        v = v !== v || m !== m ? NaN : v < m ? m : v;
      }
      if (hi) {
        const m = chi ? chi(hi.data[h]!) : hi.data[h]!;
        v = v !== v || m !== m ? NaN : v > m ? m : v;
      }
      dst[o] = store ? store(v) : v;
    }
  });
}
