// torch.utils.data.default_collate: a list of samples -> one batch with the same structure.
import * as torch from '@x/tensor';

/** Makes one batch of a list of samples: DataLoader's `collateFn` option. */
export type CollateFn<T = unknown, B = unknown> = (batch: T[]) => B | Promise<B>;

/**
 * The type of the batch `defaultCollate` makes of samples of type `T` (a DataLoader's batches when no
 * `collateFn` is given): tensors, numbers and booleans become a Tensor, strings a string[], and tuples,
 * arrays and plain objects keep their structure with each position or key collated.
 */
export type Collated<T> = T extends torch.Tensor | number | bigint | boolean
  ? torch.Tensor
  : T extends string
    ? string[]
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Collated<T[K]> }
      : T extends Record<string, unknown>
        ? { [K in keyof T]: Collated<T[K]> }
        : unknown;

function kind(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  if (torch.isTensor(x)) return 'Tensor';
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  return typeof x;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * Tensors are stacked; numbers become an int64 tensor (all integers) or a float64 tensor (as PyTorch does for
 * Python floats); booleans a bool tensor; strings stay an array; arrays are collated position by position and
 * plain objects key by key, recursively.
 */
export function defaultCollate<T>(batch: readonly T[]): Collated<T>;
export function defaultCollate(batch: readonly unknown[]): unknown {
  if (batch.length === 0) throw new RangeError('default_collate: the batch is empty');
  const first = batch[0];
  const k = kind(first);
  const mixed = batch.find((b) => kind(b) !== k);
  if (mixed !== undefined) throw new TypeError(`default_collate: every element of the batch must have the same type; found ${k} and ${kind(mixed)}`);
  if (torch.isTensor(first)) return torch.stack(batch as torch.Tensor[]);
  if (typeof first === 'number') {
    const nums = batch as number[];
    // float64 as PyTorch, unless the default device cannot hold it (then float32)
    return torch.tensor(nums, { dtype: nums.every(Number.isInteger) ? 'int64' : torch.stagingFloat(torch.defaultDevice()) });
  }
  if (typeof first === 'boolean') return torch.tensor(batch as boolean[], { dtype: 'bool' });
  if (typeof first === 'string') return [...batch];
  if (Array.isArray(first)) {
    const len = first.length;
    if ((batch as unknown[][]).some((b) => b.length !== len)) throw new RangeError('default_collate: each element in list of batch should be of equal size');
    return first.map((_, i) => defaultCollate((batch as unknown[][]).map((b) => b[i])));
  }
  if (isPlainObject(first)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(first)) {
      out[key] = defaultCollate((batch as Record<string, unknown>[]).map((b) => {
        if (!(key in b)) throw new TypeError(`default_collate: key '${key}' is missing from an element of the batch`);
        return b[key];
      }));
    }
    return out;
  }
  throw new TypeError(`default_collate: batch must contain tensors, numbers, booleans, strings, arrays or plain objects; found ${k}`);
}
