// The tensor a torch.* function works on, or PyTorch's TypeError (JavaScript callers get no type check).
import { isTensor, type Tensor } from '../tensor';
import { isOptionsObject } from '../signature/types';

export function self(op: string, x: unknown): Tensor {
  if (isTensor(x)) return x;
  const got = x === null ? 'null' : Array.isArray(x) ? 'an array' : `${typeof x} (${String(x)})`;
  throw new TypeError(`torch.${op}(): argument 'input' (position 1) must be a Tensor, not ${got}; wrap it with torch.tensor(...)`);
}

/** For overloaded functions: checks the first argument before the signatures are tried (unless it is the options object). */
export function selfFirst(op: string, args: readonly unknown[]): void {
  if (!isOptionsObject(args[0])) self(op, args[0]);
}
