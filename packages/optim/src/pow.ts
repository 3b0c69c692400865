// x ** n for an integer n >= 0, correctly rounded, as C's pow() (glibc) computes Python's `beta ** step`.
// V8's `**` is off by one ulp for some inputs (0.9 ** 4 = 0.6561000000000001), which would make Adam's
// float64 bias corrections, and so its float64 trajectories, differ from PyTorch's in the last bits.
// Exact: repeated squaring in double-double arithmetic (Dekker's products), rounded once at the end.

const SPLIT = 134217729; // 2^27 + 1: splits a double into two 26-bit halves

/** a * b as an unevaluated sum hi + lo, exactly (Dekker's TwoProduct, without FMA). */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  const ca = SPLIT * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = SPLIT * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return [p, ((ah * bh - p) + ah * bl + al * bh) + al * bl];
}

/** (ah + al) * (bh + bl) in double-double, normalized so that hi is the sum rounded. */
function mulDD(ah: number, al: number, bh: number, bl: number): [number, number] {
  const [p, e] = twoProduct(ah, bh);
  const err = e + (ah * bl + al * bh);
  const hi = p + err;
  return [hi, err - (hi - p)];
}

export function powInt(x: number, n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 || !Number.isFinite(x) || x === 0) return x ** n;
  let [rh, rl] = [1, 0];
  let [bh, bl] = [x, 0];
  for (let k = n; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) [rh, rl] = mulDD(rh, rl, bh, bl);
    if (k > 1) [bh, bl] = mulDD(bh, bl, bh, bl);
    if (!Number.isFinite(rh) || !Number.isFinite(bh)) return x ** n; // overflow: no double-double
  }
  return rh + rl;
}
