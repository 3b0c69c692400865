// Diagonals: diagonal (a view, as PyTorch's), diagonalScatter (its adjoint), diag (vector <-> matrix)
// and trace. diag and trace are composites of these, so autograd differentiates them.
import { formatShape, normalizeDim } from '../shape';
import type { Tensor } from '../tensor';
import { nameGradFn } from '../autograd-hook';
import { clone } from './convert';
import { zeros } from './creation';
import { recordedView } from './views';

function checkOffset(op: string, offset: number): void {
  if (!Number.isInteger(offset)) throw new TypeError(`${op}(): argument 'diagonal' (the offset) must be an integer, got ${offset}`);
}

/** Length of the diagonal `offset` of a [rows, cols] plane (0 when it lies outside). */
function diagonalLength(rows: number, cols: number, offset: number): number {
  return Math.max(0, offset >= 0 ? Math.min(rows, cols - offset) : Math.min(rows + offset, cols));
}

/** diagonal's `offset`, `dim1`, `dim2`. */
export interface DiagonalOptions {
  offset?: number;
  dim1?: number;
  dim2?: number;
}

/** `diagonal(offset?, dim1?, dim2?)` or `diagonal({ offset, dim1, dim2 })`. */
export type DiagonalArgs = [offset?: number, dim1?: number, dim2?: number] | [options: DiagonalOptions];

/** diagonal's arguments, positional or in one options object. */
export function diagonalArgs(args: DiagonalArgs): [offset: number, dim1: number, dim2: number] {
  const [first] = args;
  if (typeof first === 'object' && first !== null) {
    const { offset = 0, dim1 = 0, dim2 = 1, ...rest } = first;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) throw new TypeError(`diagonal(): unknown option '${unknown[0]}'; it takes offset, dim1 and dim2`);
    return [offset, dim1, dim2];
  }
  const [offset = 0, dim1 = 0, dim2 = 1] = args as number[];
  return [offset, dim1, dim2];
}

/**
 * The elements x[..., i, ..., i + offset, ...] of dims dim1 and dim2, as a view: those dims are
 * removed and the diagonal becomes the last dim (offset > 0 above the main diagonal, < 0 below).
 */
export function diagonal(x: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  checkOffset('diagonal', offset);
  const d1 = normalizeDim('diagonal', dim1, x.ndim);
  const d2 = normalizeDim('diagonal', dim2, x.ndim);
  if (d1 === d2) throw new RangeError(`diagonal: diagonal dimensions cannot be identical ${dim1}, ${dim2} (shape ${formatShape(x.shape)}); pass two different dims`);
  const length = diagonalLength(x.shape[d1]!, x.shape[d2]!, offset);
  let start = x.offset;
  if (length > 0) start += offset >= 0 ? offset * x.strides[d2]! : -offset * x.strides[d1]!;
  const keep = (_: number, i: number) => i !== d1 && i !== d2;
  const shape = [...x.shape.filter(keep), length];
  const strides = [...x.strides.filter(keep), x.strides[d1]! + x.strides[d2]!];
  return recordedView('diagonal', x, shape, strides, start, { offset, dim1: d1, dim2: d2 });
}

/** A copy of `input` with `src` written into its diagonal (torch.diagonal_scatter): src has the diagonal's shape. */
export function diagonalScatter(input: Tensor, src: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  const out = clone(input);
  const slot = diagonal(out, offset, dim1, dim2);
  if (src.ndim !== slot.ndim || src.shape.some((s, i) => s !== slot.shape[i])) {
    throw new RangeError(
      `diagonalScatter: expected src to have a size equal to the slice of self. src size = ${formatShape(src.shape)}, slice size = ${formatShape(slot.shape)} ` +
        `(input ${formatShape(input.shape)}, offset ${offset}, dims ${dim1} and ${dim2})`,
    );
  }
  slot.copy_(src);
  return nameGradFn(out, 'DiagonalScatterBackward0');
}

/** A 1-D x becomes the matrix with x on diagonal `offset`; a 2-D x gives a copy of its diagonal `offset`. */
export function diag(x: Tensor, offset = 0): Tensor {
  checkOffset('diag', offset);
  if (x.ndim === 1) {
    const n = x.shape[0]! + Math.abs(offset);
    const square = zeros([n, n], { dtype: x.dtype, device: x.device });
    return nameGradFn(diagonalScatter(square, x, offset), 'DiagBackward0');
  }
  if (x.ndim === 2) return nameGradFn(clone(diagonal(x, offset)), 'DiagBackward0');
  throw new RangeError(`diag: expected a 1-D tensor (vector) or a 2-D tensor (matrix), got shape ${formatShape(x.shape)}; for batches use diagonal(x, offset, dim1, dim2)`);
}

/** The sum of the main diagonal of a matrix (integers sum to int64, as PyTorch's). */
export function trace(x: Tensor): Tensor {
  if (x.ndim !== 2) throw new RangeError(`trace: expected a matrix, but got tensor with dim ${x.ndim} (shape ${formatShape(x.shape)})`);
  if (x.dtype === 'bool') throw new TypeError(`trace: not implemented for bool tensors (shape ${formatShape(x.shape)}); convert with .int() or .float()`);
  return nameGradFn(diagonal(x).sum(), 'TraceBackward0');
}
