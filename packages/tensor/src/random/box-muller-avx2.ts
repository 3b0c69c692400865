// PyTorch's vectorised normal_ for float32 (ATen's normal_fill_16_AVX2, the path an x86-64 CPU with AVX2
// takes for contiguous float tensors of 16 or more elements): Box-Muller on blocks of 16 uniforms, with
// the float32 logarithm and sine/cosine of Cephes as avx_mathfun.h writes them in AVX intrinsics, and the
// multiply-adds GCC fuses into FMA instructions when it compiles them for AVX2. Every step is emulated in
// float32 here, in the same order, so the results are PyTorch's bit for bit (checked against 10^5 values).
import { fma32 } from './float-bits';

const f = Math.fround;
const mul = (a: number, b: number): number => f(a * b);
const add = (a: number, b: number): number => f(a + b);
const sub = (a: number, b: number): number => f(a - b);

const view = new DataView(new ArrayBuffer(4));
function bitsOf(x: number): number {
  view.setFloat32(0, x);
  return view.getInt32(0);
}
function fromBits(b: number): number {
  view.setInt32(0, b);
  return view.getFloat32(0);
}

const MIN_NORM_POS = fromBits(0x00800000);
const HALF_BITS = bitsOf(0.5);
const SQRTHF = f(0.707106781186547524);
const LOG_P = [7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1].map(f);
const LOG_Q1 = f(-2.1219444e-4);
const LOG_Q2 = f(0.693359375);

/** log256_ps for one lane, x in (0, 1] (no zero, negative or NaN input reaches it from normal_). */
export function logAvx2(x: number): number {
  x = Math.max(x, MIN_NORM_POS);
  const bits = bitsOf(x);
  let e = add(f((bits >>> 23) - 0x7f), 1);
  x = fromBits((bits & ~0x7f800000) | HALF_BITS); // the mantissa, in [0.5, 1)
  const small = x < SQRTHF;
  const tmp = small ? x : 0;
  x = sub(x, 1);
  if (small) e = sub(e, 1);
  x = add(x, tmp);
  const z = mul(x, x);
  let y = LOG_P[0]!;
  for (let i = 1; i < 9; i++) y = fma32(y, x, LOG_P[i]!); // y * x + p[i], fused
  y = mul(y, x);
  y = fma32(y, z, mul(e, LOG_Q1)); // y * z + e * q1: the first product is fused
  y = fma32(-z, 0.5, y); // y - z * 0.5
  return fma32(e, LOG_Q2, add(x, y)); // (x + y) + e * q2
}

const DP1 = f(-0.78515625);
const DP2 = f(-2.4187564849853515625e-4);
const DP3 = f(-3.77489497744594108e-8);
const SIN_P = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(f);
const COS_P = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(f);
const FOPI = f(1.27323954473516); // 4 / pi

/** sincos256_ps for one lane, theta in [0, 2 pi): [sin, cos]. */
export function sinCosAvx2(theta: number, out: [number, number]): [number, number] {
  let x = Math.abs(theta);
  let sinNegative = theta < 0;
  const j = (Math.trunc(mul(x, FOPI)) + 1) & ~1; // to an even octant
  const y = j;
  if (j & 4) sinNegative = !sinNegative;
  const sinPoly = (j & 2) === 0; // the sine polynomial gives sin here, the cosine one cos
  x = fma32(y, DP1, x); // x - y * pi/4 in three parts (extended precision reduction)
  x = fma32(y, DP2, x);
  x = fma32(y, DP3, x);
  const cosNegative = ((~(j - 2)) & 4) !== 0;
  const z = mul(x, x);
  let c = fma32(fma32(COS_P[0]!, z, COS_P[1]!), z, COS_P[2]!);
  c = mul(c, z);
  c = add(fma32(c, z, -mul(z, 0.5)), 1);
  let s = fma32(fma32(SIN_P[0]!, z, SIN_P[1]!), z, SIN_P[2]!);
  s = fma32(mul(s, z), x, x);
  // The lanes' select-and-add, kept as written (it decides the sign of a zero result).
  const sinPart = sinPoly ? s : 0;
  const cosPart = sinPoly ? 0 : c;
  const sin = add(cosPart, sinPart);
  const cos = add(sub(c, cosPart), sub(s, sinPart));
  out[0] = sinNegative ? -sin : sin;
  out[1] = cosNegative ? -cos : cos;
  return out;
}

const TWO_PI = f(2 * Math.PI);
const pair: [number, number] = [0, 0];

/** normal_fill_16_AVX2: turns 16 uniforms at data[o..o+16) into 16 normals of mean and std (float32s). */
export function normalFill16Avx2(data: Float32Array, o: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = sub(1, data[o + j]!);
    const u2 = data[o + j + 8]!;
    const radius = f(Math.sqrt(mul(-2, logAvx2(u1))));
    const [sin, cos] = sinCosAvx2(mul(TWO_PI, u2), pair);
    data[o + j] = fma32(mul(radius, cos), std, mean);
    data[o + j + 8] = fma32(mul(radius, sin), std, mean);
  }
}
