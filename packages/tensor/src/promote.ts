// PyTorch's type promotion: promoteTypes for two dtypes, resultType for an op's operands.
import { category, DEFAULT_FLOAT, DEFAULT_INT, type DType } from './dtype';

// With no int8/int16/uint16 among our dtypes, PyTorch's table reduces to a total order.
const RANK: Record<DType, number> = { bool: 0, uint8: 1, int32: 2, int64: 3, float32: 4, float64: 5 };

/** The dtype an op on `a` and `b` computes in (PyTorch's `torch.promote_types`). */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/** An operand as type promotion sees it: a dimensioned tensor, a 0-d tensor, or a JS scalar. */
export type PromotionOperand = { dtype: DType; ndim: number } | number | boolean;

function scalarDType(v: number | boolean): DType {
  if (typeof v === 'boolean') return 'bool';
  return Number.isInteger(v) ? DEFAULT_INT : DEFAULT_FLOAT;
}

function combineCategories(higher: DType | undefined, lower: DType | undefined): DType | undefined {
  if (higher === undefined) return lower;
  if (lower === undefined) return higher;
  if (category(higher) === 2) return higher;
  if (higher === 'bool' || category(lower) === 2) return promoteTypes(higher, lower);
  return higher;
}

/**
 * torch.result_type: dimensioned tensors win; 0-d tensors and then scalars only matter when their
 * category (bool < integer < floating) is higher. A float scalar counts as the default float dtype.
 */
export function resultType(operands: readonly PromotionOperand[]): DType {
  let dim: DType | undefined;
  let zero: DType | undefined;
  let wrapped: DType | undefined;
  const merge = (acc: DType | undefined, d: DType) => (acc === undefined ? d : promoteTypes(acc, d));
  for (const o of operands) {
    if (typeof o === 'number' || typeof o === 'boolean') wrapped = merge(wrapped, scalarDType(o));
    else if (o.ndim > 0) dim = merge(dim, o.dtype);
    else zero = merge(zero, o.dtype);
  }
  const r = combineCategories(dim, combineCategories(zero, wrapped));
  if (r === undefined) throw new TypeError('resultType: no operands');
  return r;
}
