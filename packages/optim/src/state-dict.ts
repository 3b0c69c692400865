// The optimizer state dict's types and the copy loadStateDict makes of each saved state value.
import { isFloating, isTensor, type Tensor } from '@x/tensor';

/** One parameter's state: `{ step, exp_avg, exp_avg_sq }`, `{ momentum_buffer }`... (PyTorch's names). */
export type StateRecord = Record<string, unknown>;

/** PyTorch's optimizer state dict layout (`optimizer.state_dict()`). */
export interface OptimizerStateDict {
  /** Parameter index (over all groups, in order) → that parameter's state. */
  state: Record<number | string, StateRecord>;
  /** Each group's options, snake_case as in PyTorch, with `params` as parameter indices. */
  param_groups: (Record<string, unknown> & { params: number[] })[];
}

export function isStateDict(x: unknown): x is OptimizerStateDict {
  if (x === null || typeof x !== 'object') return false;
  const { state, param_groups: groups } = x as Partial<OptimizerStateDict>;
  return (
    state !== null && typeof state === 'object' && Array.isArray(groups) &&
    groups.every((g) => g !== null && typeof g === 'object' && Array.isArray(g.params))
  );
}

/**
 * A deep copy of a saved state value for parameter `p`: tensors are cloned onto p's device, floating
 * ones cast to p's dtype, except `step`, which stays a number (a 0-d tensor, as PyTorch 1.13's Adam
 * saves it, is read on the CPU).
 */
export function copyStateValue(p: Tensor, key: string | undefined, value: unknown): unknown {
  if (isTensor(value)) {
    if (key === 'step') return Number(value.itemSync());
    const dtype = isFloating(p.dtype) && isFloating(value.dtype) ? p.dtype : value.dtype;
    const copy = value.detach().to({ dtype, device: p.device });
    return copy === value || copy.storage === value.storage ? copy.clone() : copy;
  }
  if (Array.isArray(value)) return value.map((v) => copyStateValue(p, undefined, v));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyStateValue(p, k, v)]));
  }
  return value;
}
