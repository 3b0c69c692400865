// torch.tidy, torch.keep and torch.dispose: freeing tensor memory at known points instead of waiting
// for the garbage collector (tfjs's API, with async functions and nesting). tidy(fn) frees every
// tensor created while fn runs except the ones it returns (found in arrays, plain objects and Maps)
// and the ones kept; returned tensors belong to the enclosing tidy, if any. With an async fn the
// tidy follows fn's own async context in Node (AsyncLocalStorage); in browsers, tensors that other
// code creates while fn awaits are collected too.
import { isTensor, type Tensor } from '../tensor';
import { withScope } from './lifecycle';

/** Every tensor inside a value: the value itself, or inside arrays, plain objects, Maps and Sets. */
function collect(value: unknown, into: Set<Tensor>, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (isTensor(value)) {
    into.add(value);
    return;
  }
  if (Array.isArray(value)) for (const v of value) collect(v, into, seen);
  else if (value instanceof Map) for (const v of value.values()) collect(v, into, seen);
  else if (value instanceof Set) for (const v of value) collect(v, into, seen);
  else {
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) for (const v of Object.values(value)) collect(v, into, seen);
  }
}

/**
 * Runs fn and frees every tensor it created, except those in its result and those kept with
 * torch.keep (parameters, gradients and optimizer state are kept by @x itself). fn may be async:
 * the tensors are freed when its promise settles. On an error every tensor fn created is freed.
 */
export function tidy<R>(fn: () => R): R {
  if (typeof fn !== 'function') throw new TypeError(`tidy: expected a function, got ${fn === null ? 'null' : typeof fn}`);
  return withScope(fn, (scope, result, failed) => {
    const returned = new Set<Tensor>();
    if (!failed) collect(result, returned);
    for (const t of scope.tensors as Tensor[]) {
      if (t._kept) continue;
      if (returned.has(t)) scope.parent?.tensors.push(t);
      else t.dispose();
    }
  });
}

/** Exempts t from every tidy (it lives until disposed or garbage-collected); returns t. */
export function keep<T extends Tensor>(t: T): T {
  t._kept = true;
  return t;
}

/** Frees every tensor in `value` (a tensor, or arrays/objects/Maps of them); disposing twice is harmless. */
export function dispose(value: unknown): void {
  const found = new Set<Tensor>();
  collect(value, found);
  for (const t of found) t.dispose();
}
