// Python's formatting of the few numbers @x/optim prints, so its messages read like PyTorch's.
import { pyBool, pyFloat } from '@x/tensor';

/** Python's `'{:.4e}'.format(x)`: `1.0000e-01`. */
export function formatExp4(x: number): string {
  return x.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Options that PyTorch keeps as floats even when integral (Adadelta's default lr is `1.0`). */
const FLOAT_OPTIONS = new Set(['lr', 'initial_lr', 'max_lr', 'min_lr']);

/**
 * An option value as PyTorch's `print(optimizer)` shows it: `0.001`, `1e-08`, `0`, `False`, `None`,
 * `(0.9, 0.999)`. JS numbers carry no int/float distinction: integral values print as ints (PyTorch's
 * defaults weight_decay=0, momentum=0 are ints), except the lr options, which are floats in PyTorch.
 */
export function pyOption(key: string, v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return pyBool(v);
  if (typeof v === 'number') return Number.isInteger(v) && !FLOAT_OPTIONS.has(key) ? String(v) : pyFloat(v);
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return v.length === 1 ? `(${pyOption(key, v[0])},)` : `(${v.map((x) => pyOption(key, x)).join(', ')})`;
  return String(v);
}
