// Python's calling convention for JavaScript: positional arguments first, then one trailing plain
// options object holding any parameter by name. A key the signature does not know, a parameter given
// twice, too many positional arguments or a missing required one throw a TypeError that names the
// function, the key and the parameters it takes: nothing is ever silently ignored.
//
// bindPositional is the hot path (every generated Tensor method and torch function calls it): a call
// without an options object costs a type check of the last argument and a loop over the defaults.
import { bindingError, overloadError, type Failure } from './messages';
import { REQUIRED, type Signature } from './signature';
import { isOptionsObject } from './types';

const UNSET: unique symbol = Symbol('unset');

/**
 * Binds `args` to `sig` and returns one value per parameter, in declaration order, defaults filled
 * in (a varargs parameter becomes one array). The result may be `args` itself, written over, or a
 * shared frozen array: read it, do not keep or modify it.
 */
export function bindPositional(sig: Signature, args: unknown[]): readonly unknown[] {
  const n = args.length;
  if (n === 0) return sig.anyRequired ? bindOrThrow(sig, args) : sig.defaults;
  if (isOptionsObject(args[n - 1])) return bindOrThrow(sig, args);
  if (sig.varargsAt >= 0) return bindVarargs(sig, args);
  if (n > sig.positional) return bindOrThrow(sig, args);
  const defaults = sig.defaults;
  for (let i = 0; i < defaults.length; i++) {
    if (args[i] === undefined) {
      const d = defaults[i];
      if (d === REQUIRED) return bindOrThrow(sig, args);
      args[i] = d;
    }
  }
  return args;
}

/** The positional-only call of a signature with a varargs parameter: `x.view(2, -1)`, `zeros([2, 3])`. */
function bindVarargs(sig: Signature, args: unknown[]): readonly unknown[] {
  const v = sig.varargsAt;
  const n = args.length;
  if (n <= v) return bindOrThrow(sig, args);
  const defaults = sig.defaults;
  const out: unknown[] = new Array(defaults.length);
  for (let i = 0; i < v; i++) {
    const a = args[i] === undefined ? defaults[i] : args[i];
    if (a === REQUIRED) return bindOrThrow(sig, args);
    out[i] = a;
  }
  out[v] = n === v + 1 && Array.isArray(args[v]) ? args[v] : args.slice(v);
  for (let i = v + 1; i < defaults.length; i++) {
    if (defaults[i] === REQUIRED) return bindOrThrow(sig, args);
    out[i] = defaults[i];
  }
  return out;
}

function bindOrThrow(sig: Signature, args: readonly unknown[]): unknown[] {
  const r = bind(sig, args, false);
  if (Array.isArray(r)) return r;
  throw new TypeError(bindingError(sig, r as Failure));
}

/** The general binder: an array of values, or why `args` do not fit (with `checkTypes`, also wrong types). */
export function bind(sig: Signature, args: readonly unknown[], checkTypes: boolean): unknown[] | Failure {
  let n = args.length;
  let options: Record<string, unknown> | undefined;
  if (n > 0 && isOptionsObject(args[n - 1])) {
    options = args[n - 1] as Record<string, unknown>;
    n--;
  }
  const params = sig.params;
  const out: unknown[] = new Array(params.length).fill(UNSET);
  for (let i = 0; i < n; i++) {
    if (i === sig.varargsAt) {
      // sizes as one array (`zeros([2, 3])`) or as the rest of the positional arguments (`zeros(2, 3)`)
      out[i] = n - i === 1 && Array.isArray(args[i]) ? args[i] : args.slice(i, n);
      break;
    }
    if (i >= sig.positional) return { kind: 'tooMany', given: n };
    out[i] = args[i];
  }
  if (options !== undefined) {
    for (const key of Object.keys(options)) {
      const at = sig.index.get(key);
      if (at === undefined) return { kind: 'unknown', key };
      const v = options[key];
      if (v === undefined) continue;
      if (out[at] !== UNSET && out[at] !== undefined) return { kind: 'twice', key };
      out[at] = v;
    }
  }
  for (let i = 0; i < params.length; i++) {
    const v = out[i];
    if (v === UNSET || v === undefined) {
      const d = sig.defaults[i];
      if (d === REQUIRED || params[i]!.varargs) return { kind: 'missing', name: params[i]!.name };
      out[i] = d;
    } else if (checkTypes && !params[i]!.accepts(v)) {
      return { kind: 'type', name: params[i]!.name, value: v };
    }
  }
  return out;
}

/**
 * Binds `args` to the first of `sigs` they fit, as PyTorch picks among an op's overloads (e.g.
 * max(), max(dim, keepdim), max(other)): counts, names and the declared types must all fit.
 * Returns the signature's index and its values (see bindPositional).
 */
export function bindOverloads(sigs: readonly Signature[], args: readonly unknown[]): [number, unknown[]] {
  const failures: Failure[] = [];
  for (let k = 0; k < sigs.length; k++) {
    const r = bind(sigs[k]!, args, true);
    if (Array.isArray(r)) return [k, r];
    failures.push(r as Failure);
  }
  throw new TypeError(sigs.length === 1 ? bindingError(sigs[0]!, failures[0]!) : overloadError(sigs, failures, args));
}

/**
 * Binds `args` (a constructor's or function's rest parameter) to `sig` and returns the values by
 * name, defaults filled in: `const { inFeatures, outFeatures, bias } = bindArgs(LINEAR, args)`.
 */
export function bindArgs<T extends object = Record<string, unknown>>(sig: Signature, args: ArrayLike<unknown>): T {
  const values = bindPositional(sig, Array.from(args));
  const out: Record<string, unknown> = {};
  sig.params.forEach((p, i) => {
    out[p.name] = values[i];
  });
  return out as T;
}
