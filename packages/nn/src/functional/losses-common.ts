// What every loss shares: the reduction option, PyTorch's size warning, and reading targets on the CPU.
import { formatShape, getBackend, type Tensor, type TypedArray } from '@x/tensor';

/** How a loss reduces over the batch: `'mean'`, `'sum'` or `'none'`. */
export type Reduction = 'mean' | 'sum' | 'none';

/** A loss's `reduction` option. */
export interface ReductionOptions {
  /** 'mean' (default) averages, 'sum' adds up, 'none' keeps one loss per element. */
  reduction?: Reduction;
}

/** PyTorch's deprecated pair that reduction replaced; given, they decide the reduction (with PyTorch's warning). */
export interface LegacyReductionOptions extends ReductionOptions {
  sizeAverage?: boolean | null;
  reduce?: boolean | null;
}

const warnedLegacy = new Set<string>();

/** The reduction option, checked as PyTorch's _Reduction.get_enum does; sizeAverage/reduce as its legacy_get_string. */
export function reductionOf(op: string, options: LegacyReductionOptions | undefined): Reduction {
  const { sizeAverage = null, reduce: reduceAll = null } = options ?? {};
  if (sizeAverage !== null || reduceAll !== null) {
    const legacy: Reduction = (sizeAverage ?? true) && (reduceAll ?? true) ? 'mean' : (reduceAll ?? true) ? 'sum' : 'none';
    const message = `${op}: size_average and reduce args will be deprecated, please use reduction='${legacy}' instead.`;
    if (!warnedLegacy.has(message)) {
      warnedLegacy.add(message);
      console.warn(message);
    }
    return legacy;
  }
  const r = options?.reduction ?? 'mean';
  if (r !== 'mean' && r !== 'sum' && r !== 'none') {
    throw new RangeError(`${op}: ${String(r)} is not a valid value for reduction (use 'mean', 'sum' or 'none')`);
  }
  return r;
}

/** Applies the reduction to elementwise losses. */
export function reduce(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  return reduction === 'sum' ? loss.sum() : loss.mean();
}

export const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((s, i) => s === b[i]);

const warned = new Set<string>();

/**
 * PyTorch's UserWarning when target and input sizes differ (the loss then broadcasts them). Printed
 * once per distinct message, as Python's default warning filter does.
 */
export function warnSizeMismatch(op: string, input: Tensor, target: Tensor): void {
  if (sameShape(input.shape, target.shape)) return;
  const msg =
    `${op}: Using a target size (${formatShape(target.shape)}) that is different to the input size (${formatShape(input.shape)}). ` +
    'This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.';
  if (warned.has(msg)) return;
  warned.add(msg);
  console.warn(`UserWarning: ${msg}`);
}

/**
 * The values of `t` when its device can read synchronously (the CPU), else null. Checks that need the
 * data (target bounds, BCE's input range) run on the host then; on an asynchronous device (WebGPU)
 * they run on the device (torch.checkData) and its next read rejects with the error.
 */
export function valuesIfSync(t: Tensor): TypedArray | null {
  return getBackend(t.device).caps.syncRead ? t.detach().dataSync() : null;
}

export function checkFloating(op: string, name: string, t: Tensor): void {
  if (t.dtype !== 'float32' && t.dtype !== 'float64') {
    throw new TypeError(`${op}: expected a floating point ${name}, got ${t.dtype} (shape ${formatShape(t.shape)}); convert it with .float()`);
  }
}
