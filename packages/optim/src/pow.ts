// x ** n for an integer n >= 0, correctly rounded, as C's pow() (glibc) computes Python's `beta ** step`.
// V8's `**` is off by one ulp for some inputs (0.9 ** 4 = 0.6561000000000001), which would make Adam's
// float64 bias corrections, and so its float64 trajectories, differ from PyTorch's in the last bits.
// Exact: repeated squaring in double-double arithmetic (Dekker's products), rounded once at the end.
import { mul, type DD } from './double-double';

// The last results, as every parameter of an optimizer asks for the same beta ** step in a step.
const recent: [x: number, n: number, value: number][] = [];

export function powInt(x: number, n: number): number {
  for (const [rx, rn, value] of recent) if (Object.is(rx, x) && rn === n) return value;
  const value = exactPow(x, n);
  recent.unshift([x, n, value]);
  if (recent.length > 4) recent.pop();
  return value;
}

function exactPow(x: number, n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 || !Number.isFinite(x) || x === 0) return x ** n;
  let r: DD = [1, 0];
  let b: DD = [x, 0];
  for (let k = n; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) r = mul(r, b);
    if (k > 1) b = mul(b, b);
    if (!Number.isFinite(r[0]) || !Number.isFinite(b[0])) return x ** n; // overflow: no double-double
  }
  return r[0] + r[1];
}
