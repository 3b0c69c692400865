// Argument handling shared by convolution and pooling: ints or per-dim lists, checked as PyTorch does.
import type { DType } from '../../dtype';
import { formatShape } from '../../shape';
import type { Tensor } from '../../tensor';

/** One size for every spatial dim, or one per dim. */
export type IntOrList = number | readonly number[];

function checkInts(op: string, name: string, values: readonly number[]): void {
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      throw new TypeError(`${op}(): argument '${name}' must be an int or a list of ints, but got ${formatValue(values)}`);
    }
  }
}

function formatValue(v: unknown): string {
  return Array.isArray(v) ? `[${v.join(', ')}]` : String(v);
}

/** A convolution parameter expanded to `n` dims (a single value or a list of one repeats). */
export function convParam(op: string, name: string, value: IntOrList, n: number): number[] {
  const list = typeof value === 'number' ? [value] : [...value];
  checkInts(op, name, list);
  if (list.length === 1) return new Array<number>(n).fill(list[0]!);
  if (list.length !== n) {
    throw new RangeError(`${op}: expected ${name} to be a single integer value or a list of ${n} values to match the convolution dimensions, but got ${name}=${formatValue(list)}`);
  }
  return list;
}

/** A pooling parameter: one int or two (PyTorch's "a single int, or a tuple of two ints"). */
export function poolPair(op: string, name: string, value: IntOrList, what: string): [number, number] {
  const list = typeof value === 'number' ? [value] : [...value];
  checkInts(op, name, list);
  if (list.length !== 1 && list.length !== 2) throw new RangeError(`${op}: ${name} must ${what}, but got ${name}=${formatValue(list)}`);
  return list.length === 1 ? [list[0]!, list[0]!] : [list[0]!, list[1]!];
}

export function checkFloating(op: string, kernelName: string, x: Tensor): void {
  if (x.dtype !== 'float32' && x.dtype !== 'float64') notImplemented(op, kernelName, x.dtype, x.shape);
}

const TORCH_NAMES: Record<DType, string> = { float32: 'Float', float64: 'Double', int32: 'Int', int64: 'Long', uint8: 'Byte', bool: 'Bool' };

/** PyTorch's `"kernel" not implemented for 'Long'`, with the shape and what to do. */
export function notImplemented(op: string, kernelName: string, dtype: DType, shape: readonly number[]): never {
  throw new TypeError(`${op}: "${kernelName}" not implemented for '${TORCH_NAMES[dtype]}' (input ${formatShape(shape)} ${dtype}); convert the input with .float()`);
}

/** PyTorch's name of a dtype in "expected scalar type Float but found Double". */
export function scalarTypeName(dtype: DType): string {
  return TORCH_NAMES[dtype];
}
