// Python's calling convention for @x/data's constructors and functions, with @x/tensor's binder. A
// dataset or a sized source may itself be a plain object (`{ length, getItem }`), which the binder
// would read as the options object: such a first argument is marked positional before binding.
import { bindArgs, isOptionsObject, type Signature } from '@x/tensor';

class Positional {
  constructor(readonly value: unknown) {}
}

/**
 * `bindArgs(sig, args)`, except that a leading plain object for which `isValue` holds (a dataset
 * object, a sized source) is the first positional argument, not the options.
 */
export function bindWithValue<T extends object>(sig: Signature, args: readonly unknown[], isValue: (x: unknown) => boolean): T {
  const first = args[0];
  if (!(isOptionsObject(first) && isValue(first))) return bindArgs<T>(sig, args);
  const bound = bindArgs<Record<string, unknown>>(sig, [new Positional(first), ...args.slice(1)]);
  const name = sig.params[0]!.name;
  return { ...bound, [name]: (bound[name] as Positional).value } as T;
}
