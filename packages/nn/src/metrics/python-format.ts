// Python's string formatting where scikit-learn's report uses it: '{:>9.2f}' and '{:>12s}'.

/**
 * format(x, '.Nf'): the exact binary value rounded to `digits` decimals, ties to even, as Python's
 * dtoa does. JavaScript's toFixed rounds exact ties up (0.125.toFixed(2) is '0.13'; Python gives '0.12').
 */
export function formatFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  // |x| = m / 2^e exactly, with m an integer: doubling a double is exact.
  let m = Math.abs(x);
  let e = 0;
  while (!Number.isInteger(m)) {
    m *= 2;
    e += 1;
  }
  const num = BigInt(m) * 10n ** BigInt(digits);
  const den = 1n << BigInt(e);
  let q = num / den;
  const twiceRest = (num % den) * 2n;
  if (twiceRest > den || (twiceRest === den && q % 2n === 1n)) q += 1n;
  const s = q.toString().padStart(digits + 1, '0');
  const body = digits === 0 ? s : `${s.slice(0, s.length - digits)}.${s.slice(s.length - digits)}`;
  return (x < 0 || Object.is(x, -0) ? '-' : '') + body;
}

/** '{:>{width}}': right-aligned, width counted in code points as Python's len() does. */
export function rjust(s: string, width: number): string {
  const length = [...s].length;
  return length >= width ? s : ' '.repeat(width - length) + s;
}

/** str() of a label: numpy prints float labels as '2.0' and ints as '2'. */
export function labelName(label: number, isFloat: boolean): string {
  if (!isFloat) return String(label);
  return Math.abs(label) < 1e16 ? label.toFixed(1) : label.toExponential();
}
