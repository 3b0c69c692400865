// Python's printing of the values that extraRepr shows, so module prints read exactly as PyTorch's.
export { pyBool, pyFloat } from '@x/tensor';

/** An int or a tuple of ints as Python prints them: `2`, `(2, 2)`, `(3,)`; null is `None`. */
export function pyIntOrTuple(v: number | null | readonly (number | null)[]): string {
  if (v === null) return 'None';
  if (typeof v === 'number') return String(v);
  const items = v.map((x) => (x === null ? 'None' : String(x)));
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}
