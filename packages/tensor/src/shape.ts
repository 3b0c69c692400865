// Shape, stride and dimension arithmetic shared by every op.

export type Shape = readonly number[];

/** A shape as PyTorch prints it: `[2, 3]`. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** The number of elements of a shape. */
export function numelOf(shape: Shape): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** The row-major strides of a shape. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= Math.max(shape[i]!, 1);
  }
  return strides;
}

/** Row-major contiguous, ignoring the strides of size-1 dims (as PyTorch does). */
export function isContiguous(shape: Shape, strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const s = shape[i]!;
    if (s === 0) return true;
    if (s !== 1) {
      if (strides[i] !== expected) return false;
      expected *= s;
    }
  }
  return true;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** PyTorch's broadcasting: align right, sizes must match or be 1. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const ndim = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(ndim).fill(1);
  for (const shape of shapes) {
    for (let i = 0; i < shape.length; i++) {
      const o = ndim - shape.length + i;
      const s = shape[i]!;
      if (s === out[o] || s === 1) continue;
      if (out[o] === 1) {
        out[o] = s;
        continue;
      }
      throw new RangeError(
        `${op}: the size of tensor a (${out[o]}) must match the size of tensor b (${s}) at non-singleton dimension ${o}; ` +
          `shapes ${shapes.map(formatShape).join(' and ')} cannot be broadcast together`,
      );
    }
  }
  return out;
}

/** Wraps a possibly negative dim into [0, ndim); 0-d tensors accept dims -1 and 0 like PyTorch. */
export function normalizeDim(op: string, dim: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new RangeError(
      `${op}: dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`,
    );
  }
  return dim < 0 ? dim + n : dim;
}

/** Normalizes a dim or list of dims; rejects repeats. `undefined`/`null` means all dims. */
export function normalizeDims(op: string, dims: number | readonly number[] | null | undefined, ndim: number): number[] {
  if (dims === undefined || dims === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dims === 'number' ? [dims] : dims;
  const out: number[] = [];
  for (const d of list) {
    const n = normalizeDim(op, d, ndim);
    if (out.includes(n)) throw new RangeError(`${op}: dim ${n} appears multiple times in the list of dims`);
    out.push(n);
  }
  return ndim === 0 ? [] : out;
}

export function checkSize(op: string, size: readonly unknown[], allowInfer = false): number[] {
  for (const s of size) {
    if (typeof s !== 'number' || !Number.isInteger(s) || (s < 0 && !(allowInfer && s === -1))) {
      throw new RangeError(
        `${op}: invalid size ${formatShape(size as number[])}: sizes must be non-negative integers` +
          (allowInfer ? ' (or -1 to infer one dimension)' : ''),
      );
    }
  }
  return size as number[];
}

/** Resolves one -1 in a requested shape against numel, as view/reshape do. */
export function inferSize(op: string, requested: readonly number[], numel: number, from: Shape): number[] {
  checkSize(op, requested, true);
  const out = [...requested];
  const infer = out.indexOf(-1);
  if (infer !== out.lastIndexOf(-1)) throw new RangeError(`${op}: only one dimension can be inferred`);
  const known = out.reduce((a, s) => (s === -1 ? a : a * s), 1);
  if (infer >= 0) {
    if (known === 0 || numel % known !== 0) {
      throw new RangeError(`${op}: shape '${formatShape(requested)}' is invalid for input of size ${numel} (input shape ${formatShape(from)})`);
    }
    out[infer] = numel / known;
  } else if (known !== numel) {
    throw new RangeError(`${op}: shape '${formatShape(requested)}' is invalid for input of size ${numel} (input shape ${formatShape(from)})`);
  }
  return out;
}

/**
 * Strides for viewing (shape, strides) as newShape without copying, or null when impossible.
 * Follows PyTorch's computeStride: dims can be merged or split only within contiguous chunks.
 */
export function viewStrides(oldShape: Shape, oldStrides: readonly number[], newShape: Shape): number[] | null {
  const numel = numelOf(oldShape);
  const newStrides = new Array<number>(newShape.length).fill(0);
  if (numel === 0) return contiguousStrides(newShape);
  if (oldShape.length === 0) return newShape.map(() => 1);
  let viewD = newShape.length - 1;
  let chunkBase = oldStrides[oldStrides.length - 1] ?? 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = oldShape.length - 1; d >= 0; d--) {
    tensorNumel *= oldShape[d]!;
    if (d === 0 || (oldShape[d - 1] !== 1 && oldStrides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBase;
        viewNumel *= newShape[viewD]!;
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = oldStrides[d - 1]!;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? newStrides : null;
}
