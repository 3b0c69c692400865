// Exact float arithmetic that JavaScript lacks: neighbours of a float, and fused multiply-adds in float32
// and float64 (one rounding of a * b + c), which PyTorch's CPU kernels get from the compiler.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1; // index of the low word
const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** The float32 next to x (a float32) towards +Infinity (up) or -Infinity. */
export function float32Step(x: number, up: boolean): number {
  if (x === 0) return up ? 2 ** -149 : -(2 ** -149);
  f32[0] = x;
  i32[0] += (x > 0) === up ? 1 : -1;
  return f32[0]!;
}

/** The float64 next to x towards +Infinity (up) or -Infinity. */
export function float64Step(x: number, up: boolean): number {
  if (x === 0) return up ? Number.MIN_VALUE : -Number.MIN_VALUE;
  f64[0] = x;
  // a 64-bit increment of the bit pattern, carried across the two words
  const away = (x > 0) === up;
  const low = u32[LOW]!;
  if (away) {
    u32[LOW] = low + 1;
    if (low === 0xffffffff) u32[1 - LOW] = u32[1 - LOW]! + 1;
  } else {
    u32[LOW] = low - 1;
    if (low === 0) u32[1 - LOW] = u32[1 - LOW]! - 1;
  }
  return f64[0]!;
}

/** The largest float32 strictly below x (x finite). */
export function float32Below(x: number): number {
  const f = Math.fround(x);
  return f < x ? f : float32Step(f, false);
}

/** The largest float64 strictly below x (x finite). */
export function float64Below(x: number): number {
  return float64Step(x, false);
}

/** s + e, where s = fl(a + b) and e its exact error (TwoSum): e for a and b finite. */
function twoSumError(a: number, b: number, s: number): number {
  const bb = s - a;
  return (a - (s - bb)) + (b - bb);
}

/** fma in float32: round(a * b + c) once, for float32 a, b, c (their product is exact in a double). */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const r = Math.fround(s);
  if (r === s || !Number.isFinite(s)) return r;
  const e = twoSumError(p, c, s);
  if (e === 0) return r;
  // s was rounded from the exact sum; only when s lies exactly halfway between two float32s can that
  // first rounding change the second, and then the exact sum's side of s decides.
  const other = float32Step(r, r < s);
  if (Math.abs(s - r) !== Math.abs(s - other)) return r;
  return (e > 0) === (other > r) ? other : r;
}

const SPLIT = 134217729; // 2^27 + 1: Veltkamp's splitter for doubles

/** The exact error of the double product a * b = p + error (Dekker's TwoProduct; no overflow here). */
function twoProductError(a: number, b: number, p: number): number {
  const ca = SPLIT * a, ah = ca - (ca - a), al = a - ah;
  const cb = SPLIT * b, bh = cb - (cb - b), bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

/** x + y rounded to odd: the neighbour with an odd last bit when the sum is not exact. */
function addRoundToOdd(x: number, y: number): number {
  const s = x + y;
  const e = twoSumError(x, y, s);
  if (e === 0 || !Number.isFinite(s)) return s;
  f64[0] = s;
  if ((u32[LOW]! & 1) === 1) return s;
  return float64Step(s, e > 0);
}

/**
 * fma in float64: round(a * b + c) once (Boldo and Melquiond's emulation: exact product, exact sum, the
 * low parts added with rounding to odd, then one rounding to nearest). For finite values of moderate size.
 */
export function fma64(a: number, b: number, c: number): number {
  const ph = a * b;
  if (!Number.isFinite(ph) || !Number.isFinite(c)) return ph + c;
  const pl = twoProductError(a, b, ph);
  const uh = c + ph;
  const ul = twoSumError(c, ph, uh);
  if (pl === 0 && ul === 0) return uh;
  return uh + addRoundToOdd(ul, pl);
}
