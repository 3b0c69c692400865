// pow and cos as C's libm computes them for Python's `x ** y` and `math.cos`: correctly rounded
// (glibc's are within 0.52 ulp, so they agree except at rare near-halfway cases), which V8's `**` and
// Math.cos are not (an ulp off for about 6% of the schedulers' pow arguments). Evaluated in
// double-double arithmetic and rounded once.
import { add, div, mul, scale2, type DD } from './double-double';
import { powInt } from './pow';

const LN2: DD = [0.6931471805599453, 2.3190468138462996e-17];
// π/2 in three parts (hi + mid as a double-double, lo beyond), for the argument reduction of cos
const PIO2_HI = 1.5707963267948966;
const PIO2_MID = 6.123233995736766e-17;
const PIO2_LO = -1.4973849048591698e-33;

/** e^x for a double-double x of moderate size: x = k ln2 + r, e^r by Taylor series on r / 2^9, squared back. */
function expDD(x: DD): DD {
  const k = Math.round(x[0] / LN2[0]);
  let r = add(x, mul(LN2, [-k, 0]));
  r = scale2(r, -9);
  let p: DD = [1, 0];
  for (let i = 12; i >= 1; i--) p = add([1, 0], div(mul(r, p), [i, 0]));
  for (let i = 0; i < 9; i++) p = mul(p, p);
  return scale2(p, k);
}

/** ln x for x > 0: Math.log refined by one Newton step in double-double. */
function logDD(x: number): DD {
  const y = Math.log(x);
  const e = expDD([y, 0]);
  const correction = add([x, 0], [-e[0], -e[1]]);
  return add([y, 0], [correction[0] / e[0], 0]);
}

/** Python's `x ** y` (C's pow) for doubles. */
export function pow(x: number, y: number): number {
  if (Number.isInteger(y) && y >= 0) return powInt(x, y);
  if (!(x > 0) || !Number.isFinite(x) || !Number.isFinite(y) || x === 1) return x ** y;
  const l = logDD(x);
  const t = mul(l, [y, 0]);
  if (Math.abs(t[0]) > 700) return x ** y; // overflow or underflow: no double-double needed
  const r = expDD(t);
  return r[0] + r[1];
}

/** Taylor series of cos (odd = false) or sin (odd = true) at a double-double |r| <= π/4. */
function taylor(r: DD, odd: boolean): DD {
  const r2 = mul(r, r);
  let term: DD = odd ? r : [1, 0];
  let sum = term;
  for (let n = odd ? 3 : 2; n < 40; n += 2) {
    term = div(mul(term, r2), [-(n - 1) * n, 0]);
    sum = add(sum, term);
    if (Math.abs(term[0]) < 1e-36) break;
  }
  return sum;
}

/** Python's math.cos (C's cos) for |x| up to about 1e5 (beyond that, Math.cos). */
export function cos(x: number): number {
  if (!Number.isFinite(x) || Math.abs(x) > 1e5) return Math.cos(x);
  const k = Math.round(x / PIO2_HI);
  // r = x - k·π/2, with π/2 to about 160 bits
  let r = add([x, 0], mul([-k, 0], [PIO2_HI, PIO2_MID]));
  r = add(r, [-k * PIO2_LO, 0]);
  const quadrant = ((k % 4) + 4) % 4;
  const v = taylor(r, quadrant % 2 === 1);
  const s = v[0] + v[1];
  // cos(r + kπ/2) = cos r, -sin r, -cos r, sin r
  return quadrant === 1 || quadrant === 2 ? -s : s;
}
