// Double-double arithmetic: a value as an unevaluated sum hi + lo of two doubles (about 106 bits),
// for results that must come out correctly rounded, as C's libm gives them to Python (pow, cos).

export type DD = readonly [number, number];

const SPLIT = 134217729; // 2^27 + 1: splits a double into two 26-bit halves

/** a + b exactly, as hi + lo (Knuth's TwoSum). */
export function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

/** a * b exactly, as hi + lo (Dekker's TwoProduct, without FMA). */
export function twoProduct(a: number, b: number): DD {
  const p = a * b;
  const ca = SPLIT * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = SPLIT * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function normalize(hi: number, lo: number): DD {
  const s = hi + lo;
  return [s, lo - (s - hi)];
}

export function add(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0]);
  return normalize(s, e + a[1] + b[1]);
}

export function mul(a: DD, b: DD): DD {
  const [p, e] = twoProduct(a[0], b[0]);
  return normalize(p, e + (a[0] * b[1] + a[1] * b[0]));
}

export function div(a: DD, b: DD): DD {
  const q1 = a[0] / b[0];
  const r = add(a, mul(b, [-q1, 0]));
  const q2 = r[0] / b[0];
  const r2 = add(r, mul(b, [-q2, 0]));
  return add(twoSum(q1, q2), [r2[0] / b[0], 0]);
}

/** a * 2^k, exactly. */
export function scale2(a: DD, k: number): DD {
  const f = 2 ** k;
  return [a[0] * f, a[1] * f];
}
