// The `parameters` argument of nn.utils: one tensor or an iterable of them (model.parameters()).
import { isTensor, type Tensor } from '@x/tensor';

/** One tensor or an iterable of them (a module's parameters(), a list). */
export type TensorOrTensors = Tensor | Iterable<Tensor>;

/** The tensors of `parameters`, checked; `op` names the caller in errors. */
export function tensorList(op: string, parameters: unknown): Tensor[] {
  if (isTensor(parameters)) return [parameters];
  if (parameters === null || typeof parameters !== 'object' || typeof (parameters as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`${op}: parameters must be a Tensor or an iterable of Tensors (e.g. model.parameters()), got ${parameters === null ? 'null' : typeof parameters}`);
  }
  const list = [...(parameters as Iterable<unknown>)];
  list.forEach((p, i) => {
    if (!isTensor(p)) throw new TypeError(`${op}: parameters[${i}] is not a Tensor (got ${p === null ? 'null' : typeof p})`);
  });
  return list as Tensor[];
}
