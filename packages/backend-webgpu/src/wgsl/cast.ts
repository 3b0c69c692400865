// WGSL for PyTorch's casts between dtypes held in 32-bit lanes, and float helpers that do not trust
// the shader compiler with NaN (compilers may assume finite math): NaN and infinity are tested on bits.
import type { DType } from '@x/tensor';
import { laneOf, type Lane } from '../dtypes';

export const CAST_WGSL = /* wgsl */ `
const I32_MIN: i32 = -2147483647 - 1;
fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn is_inf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
// private variables, not constants: WGSL refuses NaN and infinity in constant expressions
var<private> NAN_BITS: u32 = 0x7fc00000u;
var<private> INF_BITS: u32 = 0x7f800000u;
fn nan_f32() -> f32 { return bitcast<f32>(NAN_BITS); }
fn inf_f32() -> f32 { return bitcast<f32>(INF_BITS); }
// float -> int32 as the CPU backend casts: truncation, NaN and infinities to INT32_MIN, wrap-around beyond.
fn f2i(x: f32) -> i32 {
  if (is_nan(x) || is_inf(x)) { return I32_MIN; }
  let t = trunc(x);
  if (abs(t) < 2147483648.0) { return i32(t); }
  return bitcast<i32>(u32(t - 4294967296.0 * floor(t / 4294967296.0)));
}
fn f2b(x: f32) -> u32 { return select(0u, 1u, (bitcast<u32>(x) & 0x7fffffffu) != 0u); }
`;

/** float -> int64 in 32 bits: values outside the lane's range (and NaN, infinities) report `code`. */
export const F2L_WGSL = /* wgsl */ `
// ovf: 0 none, 1 a value beyond the 32-bit lanes of int64, 2 an integer division by zero
var<private> ovf: u32 = 0u;
fn f2l(x: f32) -> i32 {
  let t = trunc(x);
  if (is_nan(x) || !(t >= -2147483648.0 && t < 2147483648.0)) { ovf = 1u; return 0; }
  return i32(t);
}
`;

/** The WGSL type holding a value of `dtype` while it is computed on (the lane type). */
export const typeOf = (dtype: DType): Lane => laneOf(dtype);

/**
 * A WGSL expression converting `expr` (a value of dtype `from`, in its lane type) into `to` as PyTorch
 * casts. float -> int64 uses f2l (which flags values beyond 32 bits: declare F2L_WGSL and report ovf).
 */
export function cast(expr: string, from: DType, to: DType): string {
  if (from === to) return expr;
  const fl = laneOf(from);
  switch (to) {
    case 'float32':
      return fl === 'f32' ? expr : `f32(${expr})`;
    case 'int32':
      return fl === 'f32' ? `f2i(${expr})` : fl === 'u32' ? `i32(${expr})` : expr;
    case 'int64':
      return fl === 'f32' ? `f2l(${expr})` : fl === 'u32' ? `i32(${expr})` : expr;
    case 'uint8':
      return fl === 'f32' ? `(bitcast<u32>(f2i(${expr})) & 255u)` : fl === 'i32' ? `(bitcast<u32>(${expr}) & 255u)` : expr;
    case 'bool':
      return fl === 'f32' ? `f2b(${expr})` : fl === 'i32' ? `select(0u, 1u, ${expr} != 0)` : from === 'bool' ? expr : `select(0u, 1u, ${expr} != 0u)`;
    case 'float64':
      throw new TypeError(`cast: dtype float64 is not supported on device 'webgpu'`);
  }
}

/** Whether a cast needs F2L_WGSL (and so the error words). */
export const castFlags = (from: DType, to: DType): boolean => to === 'int64' && laneOf(from) === 'f32';

/** The bits of a scalar of `dtype` for a uniform word. */
export function scalarBits(v: number, dtype: DType): number {
  switch (laneOf(dtype)) {
    case 'f32':
      return new Uint32Array(Float32Array.of(v).buffer)[0]!;
    case 'i32':
      return v | 0;
    case 'u32':
      return dtype === 'bool' ? (v !== 0 ? 1 : 0) : v >>> 0;
  }
}

/** A WGSL expression reading uniform word `i` as a value of `dtype`'s lane. */
export function uniformAs(i: number, dtype: DType): string {
  const l = laneOf(dtype);
  return l === 'f32' ? `uf(${i}u)` : l === 'i32' ? `ui(${i}u)` : `u(${i}u)`;
}
