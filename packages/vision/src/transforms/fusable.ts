// Which transforms Compose may run as one step: ToTensor, and Normalize with its mean and std. The
// factories mark the functions they return; fused.ts reads the marks.

/** A Normalize transform's arguments, as given (numbers, not yet float32). */
export interface NormalizeArgs {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

const toTensors = new WeakSet<object>();
const normalizes = new WeakMap<object, NormalizeArgs>();

/** Marks a ToTensor transform; returns it. */
export function markToTensor<F extends object>(f: F): F {
  toTensors.add(f);
  return f;
}

/** Marks a Normalize transform with its arguments; returns it. */
export function markNormalize<F extends object>(f: F, args: NormalizeArgs): F {
  normalizes.set(f, args);
  return f;
}

export const isToTensor = (f: unknown): boolean => typeof f === 'function' && toTensors.has(f);
export const normalizeArgsOf = (f: unknown): NormalizeArgs | undefined => (typeof f === 'function' ? normalizes.get(f) : undefined);
