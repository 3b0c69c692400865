// Python's printing of the values that extraRepr shows, so module prints read exactly as PyTorch's.

/** Python's repr of a float: `0.1`, `1.0`, `1e-05`, `inf`. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, e] = x.toExponential().split('e') as [string, string];
  const exp = Number(e);
  // Python switches to scientific notation below 1e-4 and from 1e16; JS at other bounds.
  if (exp < -4 || exp >= 16) {
    const sign = exp < 0 ? '-' : '+';
    const digits = e.replace(/^[+-]/, '');
    return `${mantissa}e${sign}${digits.padStart(2, '0')}`;
  }
  const s = x.toString();
  return Number.isInteger(x) ? `${s}.0` : s;
}

export const pyBool = (b: boolean): string => (b ? 'True' : 'False');

/** An int or a tuple of ints as Python prints them: `2`, `(2, 2)`, `(3,)`; null is `None`. */
export function pyIntOrTuple(v: number | null | readonly (number | null)[]): string {
  if (v === null) return 'None';
  if (typeof v === 'number') return String(v);
  const items = v.map((x) => (x === null ? 'None' : String(x)));
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}
