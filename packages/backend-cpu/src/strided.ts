// Strided iteration: visits an N-d index space row by row, giving each operand's base offset for the
// row and its stride along it. Kernels write their inner loop over a row; this keeps contiguous data
// on a tight loop and still handles any view (transposed, sliced, expanded with stride 0).

export interface Strided {
  readonly strides: readonly number[];
  readonly offset: number;
}

export type RowFn = (bases: Int32Array | number[], n: number, steps: readonly number[]) => void;

/** Merges adjacent dims that are contiguous with each other in every operand (fewer, longer rows). */
export function coalesce(shape: readonly number[], strides: number[][]): { shape: number[]; strides: number[][] } {
  if (shape.length <= 1) return { shape: [...shape], strides };
  const outShape = [shape[0]!];
  const outStrides = strides.map((s) => [s[0]!]);
  for (let d = 1; d < shape.length; d++) {
    const last = outShape.length - 1;
    const canMerge = strides.every((s, k) => outStrides[k]![last] === s[d]! * shape[d]!) || outShape[last] === 1;
    if (shape[d] === 1) continue;
    if (canMerge && outShape[last] !== 1) {
      outShape[last] = outShape[last]! * shape[d]!;
      outStrides.forEach((s, k) => (s[last] = strides[k]![d]!));
    } else if (outShape[last] === 1) {
      outShape[last] = shape[d]!;
      outStrides.forEach((s, k) => (s[last] = strides[k]![d]!));
    } else {
      outShape.push(shape[d]!);
      outStrides.forEach((s, k) => s.push(strides[k]![d]!));
    }
  }
  return { shape: outShape, strides: outStrides };
}

/** Calls `fn` once per row of `shape` (the last dim after coalescing); nothing for an empty shape. */
export function forEachRow(shape: readonly number[], operands: readonly Strided[], fn: RowFn, merge = true): void {
  for (const s of shape) if (s === 0) return;
  const raw = operands.map((o) => [...o.strides]);
  const c = merge ? coalesce(shape, raw) : { shape: [...shape], strides: raw };
  const dims = c.shape.length;
  const k = operands.length;
  const bases = operands.map((o) => o.offset);
  if (dims === 0) {
    fn(bases, 1, operands.map(() => 0));
    return;
  }
  const n = c.shape[dims - 1]!;
  const steps = c.strides.map((s) => s[dims - 1]!);
  const outer = dims - 1;
  if (outer === 0) {
    fn(bases, n, steps);
    return;
  }
  const counter = new Array<number>(outer).fill(0);
  const cur = bases.slice();
  for (;;) {
    fn(cur, n, steps);
    // Advance the odometer over the outer dims.
    let d = outer - 1;
    for (; d >= 0; d--) {
      counter[d]!++;
      for (let j = 0; j < k; j++) cur[j]! += c.strides[j]![d]!;
      if (counter[d]! < c.shape[d]!) break;
      for (let j = 0; j < k; j++) cur[j]! -= c.strides[j]![d]! * c.shape[d]!;
      counter[d] = 0;
    }
    if (d < 0) return;
  }
}
