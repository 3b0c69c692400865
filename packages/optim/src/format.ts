// Python's formatting of the few numbers @x/optim prints, so its messages read like PyTorch's.

/** Python's `'{:.4e}'.format(x)`: `1.0000e-01`. */
export function formatExp4(x: number): string {
  return x.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** A JSON-ish rendering of an option value for `toString()`. */
export function formatValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`;
  if (v === undefined) return 'undefined';
  return typeof v === 'string' ? `'${v}'` : String(v);
}
