// An optimizer constructor's arguments, bound as Python binds them: `new optim.SGD(params, 0.1, 0.9)`,
// `new optim.SGD(params, { lr: 0.1, momentum: 0.9 })` or `new optim.SGD({ params, lr: 0.1 })`.
// PyTorch's implementation flags (foreach, differentiable, capturable, fused) are accepted under
// its names: foreach only picks PyTorch's loop, so it is kept (in the groups and the state dict)
// when given; the others ask for features this port does not have, and true is refused.
import { bindArgs, type Signature } from '@x/tensor';
import type { Params } from './optimizer';

/** The constructor forms every optimizer has (its options by position are typed loosely). */
export type OptimizerArgs<O extends object> =
  | [params: Params<O>, options?: Partial<O> & TorchFlags]
  | [options: Partial<O> & TorchFlags & { params: Params<O> }]
  | [params: Params<O>, ...positional: unknown[]];

/** PyTorch's implementation choices. */
export interface TorchFlags {
  foreach?: boolean | null;
  differentiable?: boolean;
  capturable?: boolean;
  fused?: boolean;
}

const UNSUPPORTED = ['differentiable', 'capturable', 'fused'] as const;

/** The params and the defaults for Optimizer's constructor, from a signature whose first parameter is `params`. */
export function bindOptimizer<O extends object>(name: string, sig: Signature, args: unknown[]): { params: Params<O>; defaults: Partial<O> } {
  const { params, ...bound } = bindArgs<Record<string, unknown> & { params: Params<O> }>(sig, args);
  const defaults: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(bound)) {
    if ((UNSUPPORTED as readonly string[]).includes(key)) {
      if (value === true) throw new RangeError(`${name}: ${key}=True is not implemented in @x (PyTorch's ${key} implementation); leave ${key} false`);
      continue;
    }
    if (key === 'foreach' && (value === null || value === undefined)) continue;
    defaults[key] = value;
  }
  return { params, defaults: defaults as Partial<O> };
}
