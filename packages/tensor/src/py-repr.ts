// Python's printing of plain values, so that module, optimizer and error prints read exactly as PyTorch's.

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

/** Python's `True` / `False`. */
export const pyBool = (b: boolean): string => (b ? 'True' : 'False');
